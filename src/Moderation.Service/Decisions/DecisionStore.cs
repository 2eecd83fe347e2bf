using System.Text.Json;
using Dapper;
using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Service.Storage;

namespace Moderation.Service.Decisions;

/// <summary>
/// Decisions keyed by (site, comment, revision). The first decision stored for a key wins;
/// later attempts read it back, so a comment never gets two different decisions.
/// </summary>
public sealed class DecisionStore(Database database)
{
    public async Task<StoredDecision?> FindAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT outcome, event_json AS EventJson, published_at AS PublishedAt FROM decisions WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision",
            new { key.SiteId, key.CommentId, key.Revision }, cancellationToken: cancellationToken));
        return row is null ? null : ToStored(key, row);
    }

    /// <summary>
    /// Stores the decision unless one exists for its key; returns whichever is stored. A held decision
    /// enters the review queue in the same transaction, so a crash never leaves it out of the queue.
    /// </summary>
    public async Task<StoredDecision> AddOrGetAsync(CommentSubmitted comment, IModerationDecision decision, CancellationToken cancellationToken)
    {
        var key = DecisionKey.Of(comment);
        var outcome = DecisionEvents.OutcomeOf(decision);
        int inserted;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            inserted = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO decisions (site_id, comment_id, revision, decision_id, outcome, thread_id, author_id, reason_codes, event_json, comment_json, decided_at, comment_text, max_score)
                VALUES (@SiteId, @CommentId, @Revision, {Uuid("@DecisionId")}, @Outcome, @ThreadId, @AuthorId, @ReasonCodes, @EventJson, @CommentJson, {Time("@DecidedAt")}, @Text, @MaxScore)
                ON CONFLICT (site_id, comment_id, revision) DO NOTHING
                """,
                new
                {
                    key.SiteId,
                    key.CommentId,
                    key.Revision,
                    DecisionId = decision.DecisionId.ToString(),
                    Outcome = outcome.ToString(),
                    comment.ThreadId,
                    AuthorId = comment.Author.Id,
                    ReasonCodes = string.Join(' ', decision.Reasons.Where(r => !r.Shadow && r.Action >= ReasonAction.Hold).Select(r => r.Code).Distinct()),
                    EventJson = DecisionEvents.Serialize(decision),
                    CommentJson = JsonSerializer.Serialize(comment, DecisionEvents.Json),
                    DecidedAt = decision.DecidedAt.UtcDateTime.ToString("O"),
                    // PostgreSQL text cannot hold NUL; such a comment is rejected as InvalidText, and its
                    // searchable copy keeps a visible replacement (the JSON copy keeps the escape).
                    Text = comment.Text.Replace('\0', '\uFFFD'),
                    MaxScore = decision.Scores.Where(s => !s.Shadow).Select(s => (double?)s.Value).Max(),
                },
                transaction,
                cancellationToken: cancellationToken));
            if (outcome == Outcome.HeldForReview)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO reviews (site_id, comment_id, revision, state, version, held_at)
                    SELECT site_id, comment_id, revision, 'Held', 1, decided_at FROM decisions
                    WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND outcome = 'HeldForReview'
                    ON CONFLICT (site_id, comment_id, revision) DO NOTHING
                    """,
                    new { key.SiteId, key.CommentId, key.Revision }, transaction, cancellationToken: cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // Our row went in: it is exactly this decision, unpublished. Only a lost race (another replica
        // or an earlier attempt stored first) needs the stored one read back. Saves a round trip per comment.
        if (inserted == 1)
        {
            return new StoredDecision(key, outcome, decision, PublishedAt: null);
        }

        return await FindAsync(key, cancellationToken)
            ?? throw new InvalidOperationException("A decision that was just stored could not be read back.");
    }

    public async Task MarkPublishedAsync(DecisionKey key, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE decisions SET published_at = {Time("@At")} WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND published_at IS NULL",
            new { key.SiteId, key.CommentId, key.Revision, At = at.UtcDateTime.ToString("O") },
            cancellationToken: cancellationToken));
    }

    public async Task<int> CountAsync(string siteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM decisions WHERE site_id = @siteId", new { siteId }, cancellationToken: cancellationToken));
    }

    // Parameters travel as text; PostgreSQL casts them to its native types, SQLite keeps ISO text.
    private string Uuid(string parameter) => database.Dialect == SqlDialect.Postgres ? $"CAST({parameter} AS uuid)" : parameter;

    private string Time(string parameter) => database.Dialect == SqlDialect.Postgres ? $"CAST({parameter} AS timestamptz)" : parameter;

    private static StoredDecision ToStored(DecisionKey key, Row row)
    {
        var outcome = Enum.Parse<Outcome>(row.Outcome);
        DateTimeOffset? published = row.PublishedAt switch
        {
            null => null,
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            DateTimeOffset dto => dto,
            string s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
            var other => throw new InvalidOperationException($"Unexpected published_at type {other.GetType().Name}."),
        };
        return new StoredDecision(key, outcome, DecisionEvents.Deserialize(outcome, row.EventJson), published);
    }

    private sealed class Row
    {
        public string Outcome { get; set; } = "";

        public string EventJson { get; set; } = "";

        public object? PublishedAt { get; set; }
    }
}
