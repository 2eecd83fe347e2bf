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
        if (context.SentTime is { } sent)
        {
            metrics.QueueLag(siteId, now - new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)), "sent");
        }
        else if (context.Message.SubmittedAt != default)
        {
            metrics.QueueLag(siteId, now - context.Message.SubmittedAt, "submitted");
        }
    }
}
