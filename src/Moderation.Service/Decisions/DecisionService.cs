using System.Diagnostics;
using MassTransit;
using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Validation;
using Moderation.Service.Telemetry;
using Moderation.Service.ReviewQueue;

namespace Moderation.Service.Decisions;

/// <summary>
/// Decides a submission once and publishes its event: the same path for the bus consumer and the
/// synchronous HTTP check. Order matters for "nothing lost, nothing decided twice": the decision is
/// stored before it is published, and marked published (in batches, see <see cref="PublishedMarks"/>)
/// only after the broker confirmed it. A crash in between republishes the stored event, identical,
/// on redelivery.
/// </summary>
public sealed class DecisionService(ModerationPipeline pipeline, DecisionStore store, PublishedMarks publishedMarks, ReviewQueueSignal heldSignal, ModerationMetrics metrics, ILogger<DecisionService> logger)
{
    public async Task<StoredDecision> DecideAsync(CommentSubmitted comment, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var key = DecisionKey.Of(comment);
        // The comment id names the trace for whoever looks one comment up; it is the site's id, not
        // personal data, and it never becomes a metric label.
        using var activity = TelemetryRegistration.Source.StartActivity("moderation.decide");
        var recorded = activity is { IsAllDataRequested: true };
        if (recorded)
        {
            activity!.SetTag("moderation.site_id", key.SiteId);
            activity.SetTag("moderation.comment_id", key.CommentId);
            activity.SetTag("moderation.revision", key.Revision);
        }

        try
        {
            var stored = await DecideOnceAsync(comment, key, publisher, cancellationToken);
            if (recorded)
            {
                activity!.SetTag("moderation.outcome", stored.Outcome.ToString());
            }

            return stored;
        }
        catch (InvalidSubmissionException ex)
        {
            metrics.Invalid(ex.Code);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Code);
            throw;
        }
        catch (Exception ex) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private async Task<StoredDecision> DecideOnceAsync(CommentSubmitted comment, DecisionKey key, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        // No look-up first: a repeat (a redelivery, or a backend sending the comment again) is rare, and
        // the store keeps the first decision of a key whatever a repeat decides. Running the pipeline
        // again costs microseconds; looking up every comment first cost a round trip each.
        ModerationResult result;
        using (PipelineTelemetry.Stage("pipeline"))
        {
            result = await pipeline.RunAsync(comment, cancellationToken);
        }

        var decision = DecisionEvents.Create(comment, result, DecisionEvents.DecisionId(key));
        StoredDecision stored;
        bool added;
        using (PipelineTelemetry.Stage("store"))
        {
            (stored, added) = await store.AddOrGetAsync(comment, decision, cancellationToken);
        }

        if (added)
        {
            metrics.Decided(key.SiteId, stored.Outcome, publisher is ConsumeContext ? "bus" : "http", stored.Event);
            logger.LogInformation(
                "Decided {SiteId}/{CommentId} revision {Revision}: {Outcome} ({ReasonCodes}; shadow: {ShadowCodes})",
                key.SiteId, key.CommentId, key.Revision, stored.Outcome, string.Join(",", result.DecidingCodes), string.Join(",", result.ShadowCodes));
            if (stored.Outcome == Outcome.HeldForReview)
            {
                heldSignal.Notify(key.SiteId);
            }
        }
        else
        {
            metrics.Repeated(key.SiteId);
            logger.LogInformation("{SiteId}/{CommentId} revision {Revision} was decided before: {Outcome}", key.SiteId, key.CommentId, key.Revision, stored.Outcome);
        }

        if (stored.PublishedAt is null && !publishedMarks.IsPublishedHere(key))
        {
            using (PipelineTelemetry.Stage("publish"))
            {
                await PublishAsync(stored.Event, publisher, cancellationToken);
            }

            publishedMarks.Add(key);
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
