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

        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<InvalidSubmissionException>();
            r.Ignore<JsonException>();
            r.Exponential(_options.RetryLimit, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        });
    }
}
