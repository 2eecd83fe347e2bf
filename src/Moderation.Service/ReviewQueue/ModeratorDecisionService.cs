using Dapper;
using MassTransit;
using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Service.Decisions;
using Moderation.Service.Reports;
using Moderation.Service.Storage;

namespace Moderation.Service.ReviewQueue;

/// <summary>What became of a moderator's attempt to decide one comment.</summary>
public abstract record DecideOutcome
{
    public sealed record Decided(ModeratorDecisionView Decision, int Version) : DecideOutcome;

    /// <summary>Someone decided first (or the version the moderator saw is stale).</summary>
    public sealed record Conflict(string State, int Version, string? DecidedBy, DateTimeOffset? DecidedAt) : DecideOutcome;

    public sealed record NotFound : DecideOutcome;
}

/// <summary>
/// A moderator approves or rejects a held comment. The state moves Held -> Approved | Rejected in one
/// conditional UPDATE, so of two moderators exactly one wins and the other learns who did. As for the
/// pipeline, the event is stored with the state change, published, then marked published; a decision
/// whose publishing failed is republished, identical, by <see cref="UnpublishedDecisionsRepublisher"/>.
/// The same transaction writes the audit entry and the training labels.
/// </summary>
public sealed class ModeratorDecisionService(Database database, ReviewQueueSignal signal, TimeProvider time, ILogger<ModeratorDecisionService> logger)
{
    public const string Decider = "moderator";

    public async Task<DecideOutcome> DecideAsync(
        DecisionKey key, bool approve, string reasonCode, string? note, int? expectedVersion, string moderator,
        IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        DecideOutcome result;
        IModerationDecision? decision = null;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var source = await connection.QuerySingleOrDefaultAsync<SourceRow>(new CommandDefinition(
                """
                SELECT d.outcome AS Outcome, d.event_json AS EventJson, d.comment_text AS Text, r.state AS State, r.version AS Version,
                       r.decided_by AS DecidedBy, r.decided_at AS DecidedAt
                FROM reviews r JOIN decisions d ON d.site_id = r.site_id AND d.comment_id = r.comment_id AND d.revision = r.revision
                WHERE r.site_id = @SiteId AND r.comment_id = @CommentId AND r.revision = @Revision
                """,
                new { key.SiteId, key.CommentId, key.Revision }, transaction, cancellationToken: cancellationToken));
            if (source is null)
            {
                return new DecideOutcome.NotFound();
            }

            var at = time.GetUtcNow();
            var held = DecisionEvents.Deserialize(Enum.Parse<Outcome>(source.Outcome), source.EventJson);
            decision = Create(held, key, approve, reasonCode, note, moderator, at, source.Version ?? 1);
            var toState = approve ? ReviewStates.Approved : ReviewStates.Rejected;
            // Guarded by the version read as well: the decision id derives from it, so a comment that
            // reports put back in the queue between the read and this update is a conflict, not a decision
            // under the id of its previous one.
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE reviews SET state = @ToState, version = version + 1, decided_by = @Moderator, decided_at = {database.Time("@At")},
                       reason_code = @ReasonCode, note = @Note, decision_id = {database.Uuid("@DecisionId")}, event_json = @EventJson
                WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND state = 'Held' AND version = @ReadVersion
                  {(expectedVersion is null ? "" : "AND version = @ExpectedVersion")}
                """,
                new
                {
                    ToState = toState, Moderator = moderator, At = SqlText.Iso(at), ReasonCode = reasonCode, Note = note,
                    DecisionId = decision.DecisionId.ToString(), EventJson = DecisionEvents.Serialize(decision),
                    key.SiteId, key.CommentId, key.Revision, ExpectedVersion = expectedVersion, ReadVersion = source.Version ?? 1,
                },
                transaction, cancellationToken: cancellationToken));
            if (updated == 0)
            {
                // Read again: under PostgreSQL the winner may have committed after the first read.
                var now = await connection.QuerySingleAsync<SourceRow>(new CommandDefinition(
                    "SELECT '' AS Outcome, '' AS EventJson, state AS State, version AS Version, decided_by AS DecidedBy, decided_at AS DecidedAt FROM reviews WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision",
                    new { key.SiteId, key.CommentId, key.Revision }, transaction, cancellationToken: cancellationToken));
                await transaction.RollbackAsync(cancellationToken);
                logger.LogInformation("{Moderator} lost the race for {SiteId}/{CommentId} revision {Revision}: it is {State}", moderator, key.SiteId, key.CommentId, key.Revision, now.State);
                return new DecideOutcome.Conflict(now.State!, now.Version ?? 0, now.DecidedBy, SqlText.ReadTime(now.DecidedAt));
            }

            await ReviewStore.AppendAuditAsync(database, connection, transaction, new AuditEntry(
                0, at, moderator, approve ? "Approve" : "Reject", key.SiteId, key.CommentId, key.Revision, ReviewStates.Held, toState, reasonCode, note), cancellationToken);
            // A comment decided again (readers reported it after an approval) keeps only the labels of
            // its last human decision: the earlier ones are what the moderators now disagree with, and
            // a rejection as spam says nothing about toxicity, so the approval's "not toxic" must go too.
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM labels WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision",
                new { key.SiteId, key.CommentId, key.Revision }, transaction, cancellationToken: cancellationToken));
            foreach (var (task, label) in ModeratorReasons.Labels(approve, reasonCode))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    INSERT INTO labels (site_id, comment_id, revision, task, label, text, decided_by, decided_at)
                    VALUES (@SiteId, @CommentId, @Revision, @Task, @Label, @Text, @Moderator, {database.Time("@At")})
                    """,
                    new { key.SiteId, key.CommentId, key.Revision, Task = task, Label = label, Text = source.Text ?? "", Moderator = moderator, At = SqlText.Iso(at) },
                    transaction, cancellationToken: cancellationToken));
            }

            // Readers' open reports of this revision are answered by this decision.
            await ReportService.ResolveAsync(database, connection, transaction, key, at, cancellationToken);

            // The author's standing (trust, new commenter) counts moderators' decisions too; no row when
            // the site's history rules are off.
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE comment_history SET outcome = @Outcome, outcome_at = {database.Time("@At")} WHERE site_id = @SiteId AND comment_id = @CommentId",
                new { Outcome = (approve ? Outcome.Approved : Outcome.Rejected).ToString(), At = SqlText.Iso(at), key.SiteId, key.CommentId },
                transaction, cancellationToken: cancellationToken));

            await transaction.CommitAsync(cancellationToken);
            result = new DecideOutcome.Decided(
                new ModeratorDecisionView(toState, moderator, at, reasonCode, note, decision.DecisionId, false), (source.Version ?? 0) + 1);
        }

        logger.LogInformation("{Moderator} decided {SiteId}/{CommentId} revision {Revision}: {State} ({ReasonCode})",
            moderator, key.SiteId, key.CommentId, key.Revision, approve ? ReviewStates.Approved : ReviewStates.Rejected, reasonCode);
        signal.Notify(key.SiteId);

        try
        {
            await PublishAsync(decision, publisher, cancellationToken);
            await MarkPublishedAsync(key, cancellationToken);
            var decided = (DecideOutcome.Decided)result;
            return decided with { Decision = decided.Decision with { Published = true } };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stored and audited: the republisher sends the very same event later.
            logger.LogWarning(ex, "The decision on {SiteId}/{CommentId} revision {Revision} is stored but not yet published", key.SiteId, key.CommentId, key.Revision);
            return result;
        }
    }

    /// <summary>The event for a human decision: the pipeline's scores and context, the moderator's reason.</summary>
    /// <remarks>
    /// The id derives from the review's version: the first decision on a held comment (version 1) keeps
    /// the id it always had, and a comment that reports put back in the queue gets a new one for its
    /// new decision, so subscribers that deduplicate on it do not drop the takedown.
    /// </remarks>
    internal static IModerationDecision Create(
        IModerationDecision held, DecisionKey key, bool approve, string reasonCode, string? note, string moderator, DateTimeOffset at, int version = 1)
    {
        var decidedBy = new DecidedBy
        {
            Kind = DeciderKind.Moderator,
            ModeratorId = moderator,
            Note = string.IsNullOrWhiteSpace(note) ? reasonCode : $"{reasonCode}: {note}",
        };
        DecisionReason[] reasons =
        [
            new()
            {
                Code = ReasonCodes.ModeratorDecision,
                Message = $"A moderator {(approve ? "approved" : "rejected")} it ({reasonCode}).",
                Action = approve ? ReasonAction.Approve : ReasonAction.Reject,
                Source = $"moderator/{reasonCode}",
            },
        ];
        var id = DecisionEvents.DecisionId(key, version <= 1 ? Decider : $"{Decider}/{version}");
        return approve
            ? new CommentApproved
            {
                DecisionId = id, CommentId = key.CommentId, SiteId = key.SiteId, ThreadId = held.ThreadId, Revision = key.Revision,
                Reasons = reasons, Scores = held.Scores, PolicyVersion = held.PolicyVersion, DecidedAt = at, DecidedBy = decidedBy, Metadata = held.Metadata,
            }
            : new CommentRejected
            {
                DecisionId = id, CommentId = key.CommentId, SiteId = key.SiteId, ThreadId = held.ThreadId, Revision = key.Revision,
                Reasons = reasons, Scores = held.Scores, PolicyVersion = held.PolicyVersion, DecidedAt = at, DecidedBy = decidedBy, Metadata = held.Metadata,
            };
    }

    internal static Task PublishAsync(IModerationDecision decision, IPublishEndpoint publisher, CancellationToken cancellationToken) => decision switch
    {
        CommentApproved approved => publisher.Publish(approved, c => c.MessageId = decision.DecisionId, cancellationToken),
        CommentRejected rejected => publisher.Publish(rejected, c => c.MessageId = decision.DecisionId, cancellationToken),
        _ => throw new ArgumentException($"A moderator cannot publish a {decision.GetType().Name}.", nameof(decision)),
    };

    internal async Task MarkPublishedAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE reviews SET published_at = {database.Time("@At")} WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND published_at IS NULL",
            new { key.SiteId, key.CommentId, key.Revision, At = SqlText.Iso(time.GetUtcNow()) }, cancellationToken: cancellationToken));
    }

    private sealed class SourceRow
    {
        public string Outcome { get; set; } = "";

        public string EventJson { get; set; } = "";

        public string? Text { get; set; }

        public string? State { get; set; }

        public int? Version { get; set; }

        public string? DecidedBy { get; set; }

        public object? DecidedAt { get; set; }
    }
}
