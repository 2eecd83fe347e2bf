using MassTransit;
using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Service.ReviewQueue;

namespace Moderation.Service.Decisions;

/// <summary>
/// Decides a submission once and publishes its event: the same path for the bus consumer and the
/// synchronous HTTP check. Order matters for "nothing lost, nothing decided twice": the decision is
/// stored before it is published, and marked published only after the broker confirmed it. A crash
/// in between republishes the stored event, identical, on redelivery.
/// </summary>
public sealed class DecisionService(ModerationPipeline pipeline, DecisionStore store, ReviewQueueSignal heldSignal, TimeProvider time, ILogger<DecisionService> logger)
{
    public async Task<StoredDecision> DecideAsync(CommentSubmitted comment, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var key = DecisionKey.Of(comment);
        var stored = await store.FindAsync(key, cancellationToken);
        if (stored is null)
        {
            var result = await pipeline.RunAsync(comment, cancellationToken);
            var decision = DecisionEvents.Create(comment, result, DecisionEvents.DecisionId(key));
            stored = await store.AddOrGetAsync(comment, decision, cancellationToken);
            logger.LogInformation(
                "Decided {SiteId}/{CommentId} revision {Revision}: {Outcome} ({ReasonCodes})",
                key.SiteId, key.CommentId, key.Revision, stored.Outcome, string.Join(",", result.DecidingCodes));
            if (stored.Outcome == Outcome.HeldForReview)
            {
                heldSignal.Notify(key.SiteId);
            }
        }
        else
        {
            logger.LogInformation("{SiteId}/{CommentId} revision {Revision} was decided before: {Outcome}", key.SiteId, key.CommentId, key.Revision, stored.Outcome);
        }

        if (stored.PublishedAt is null)
        {
            await PublishAsync(stored.Event, publisher, cancellationToken);
            await store.MarkPublishedAsync(key, time.GetUtcNow(), cancellationToken);
        }

        return stored;
    }

    private static Task PublishAsync(IModerationDecision decision, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var id = decision.DecisionId;
        return decision switch
        {
            CommentApproved approved => publisher.Publish<CommentApproved>(approved, c => c.MessageId = id, cancellationToken),
            CommentRejected rejected => publisher.Publish<CommentRejected>(rejected, c => c.MessageId = id, cancellationToken),
            CommentHeldForReview held => publisher.Publish<CommentHeldForReview>(held, c => c.MessageId = id, cancellationToken),
            _ => throw new ArgumentException($"Unknown decision type {decision.GetType().Name}.", nameof(decision)),
        };
    }
}
