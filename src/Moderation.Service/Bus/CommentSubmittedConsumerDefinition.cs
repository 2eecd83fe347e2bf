using System.Data.Common;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using Moderation.Core.Validation;

namespace Moderation.Service.Bus;

/// <summary>
/// Retries in tiers: short in-process retries for passing faults (a database hiccup), optionally
/// delayed redelivery, then the <c>_error</c> queue with the exception as the reason. Submissions
/// that can never succeed (missing ids, unknown site, unreadable JSON) go there at once.
/// </summary>
public sealed class CommentSubmittedConsumerDefinition : ConsumerDefinition<CommentSubmittedConsumer>
{
    private readonly BusOptions _options;

    public CommentSubmittedConsumerDefinition(IOptions<BusOptions> options)
    {
        _options = options.Value;
        EndpointName = _options.CommentsQueue;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CommentSubmittedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Backends in any language publish plain JSON without MassTransit's type header: everything
        // arriving on this queue is read as a CommentSubmitted.
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType | RawSerializerOptions.CopyHeaders, isDefault: true);

        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = _options.PrefetchCount;
            if (_options.QuorumQueues)
            {
                rabbit.SetQuorumQueue();
            }
        }

        if (_options.DelayedRedelivery)
        {
            endpointConfigurator.UseDelayedRedelivery(r =>
            {
                r.Ignore<InvalidSubmissionException>();
                r.Ignore<JsonException>();
                r.Intervals(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
            });
        }

        // Outer tier: the store is down (a database restart, a fail-over). Retrying for minutes is the
        // only way through without a message scheduler (RabbitMQ from Debian has no delayed-exchange
        // plugin), and the short tier below alone gave up after about 27 s: a 30 s outage parked
        // comments in the error queue.
        var outage = StoreOutageIntervals(_options.StoreOutageRetryWindow);
        if (outage.Length > 0)
        {
            endpointConfigurator.UseMessageRetry(r =>
            {
                r.Handle<DbException>(ex => ex.IsTransient);
                r.Intervals(outage);
            });
        }

        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<InvalidSubmissionException>();
            r.Ignore<JsonException>();
            r.Ignore<DbException>(ex => ex.IsTransient);
            r.Exponential(_options.RetryLimit, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        });
    }

    /// <summary>1, 2, 4, 8 s, then every 10 s until the window is used up.</summary>
    internal static TimeSpan[] StoreOutageIntervals(TimeSpan window)
    {
        var intervals = new List<TimeSpan>();
        var total = TimeSpan.Zero;
        var next = TimeSpan.FromSeconds(1);
        while (total + next <= window)
        {
            intervals.Add(next);
            total += next;
            next = next < TimeSpan.FromSeconds(8) ? next * 2 : TimeSpan.FromSeconds(10);
        }

        return [.. intervals];
    }
}
