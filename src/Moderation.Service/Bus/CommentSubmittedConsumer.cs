using MassTransit;
using Moderation.Contracts;
using Moderation.Core.Sites;
using Moderation.Service.Decisions;
using Moderation.Service.Telemetry;

namespace Moderation.Service.Bus;

/// <summary>Takes a submitted comment off the bus, decides it, publishes the decision.</summary>
public sealed class CommentSubmittedConsumer(DecisionService decisions, ModerationMetrics metrics, ISiteSettingsProvider sites, TimeProvider time) : IConsumer<CommentSubmitted>
{
    public Task Consume(ConsumeContext<CommentSubmitted> context)
    {
        RecordLag(context);
        return decisions.DecideAsync(context.Message, context, context.CancellationToken);
    }

    /// <summary>
    /// Queue lag by the sender's clock: MassTransit publishers stamp the send time; plain-JSON
    /// publishers may not, and then the site's submittedAt stands in. Redeliveries are left out:
    /// their wait measures retries, not the queue. So are unknown sites: the label must stay bounded.
    /// </summary>
    private void RecordLag(ConsumeContext<CommentSubmitted> context)
    {
        if (context.GetRetryAttempt() > 0 || context.ReceiveContext.Redelivered || context.Message.SiteId is not { } siteId || sites.Find(siteId) is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (context.SentTime is { } sentTime && Lag(new DateTimeOffset(DateTime.SpecifyKind(sentTime, DateTimeKind.Utc)), now) is { } sent)
        {
            metrics.QueueLag(siteId, sent, "sent");
        }
        else if (Lag(context.Message.SubmittedAt, now) is { } submitted)
        {
            metrics.QueueLag(siteId, submitted, "submitted");
        }
    }

    /// <summary>
    /// The time since a stamp, or null when the stamp cannot be a real send time. A plain-JSON message
    /// without an AMQP timestamp reaches the consumer with no send time or with one of year 9999 (seen
    /// with RabbitMQ, about half of such messages); an unset submittedAt is year 1. A backlog of a few
    /// days is real, and so is a sender's clock a little ahead of ours: those are kept.
    /// </summary>
    internal static TimeSpan? Lag(DateTimeOffset stamp, DateTimeOffset now)
    {
        var lag = now - stamp;
        return lag > MaxLag || lag < -MaxClockSkew ? null : lag;
    }

    private static readonly TimeSpan MaxLag = TimeSpan.FromDays(30);
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
}
