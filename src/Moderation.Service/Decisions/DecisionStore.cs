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
    private readonly DecisionBatcher? _batcher = database.Dialect == SqlDialect.Postgres ? new DecisionBatcher(database) : null;

    public async Task<StoredDecision?> FindAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT d.outcome, d.event_json AS EventJson, COALESCE(p.published_at, d.published_at) AS PublishedAt
            FROM decisions AS d
            LEFT JOIN decisions_published AS p ON p.site_id = d.site_id AND p.comment_id = d.comment_id AND p.revision = d.revision
            WHERE d.site_id = @SiteId AND d.comment_id = @CommentId AND d.revision = @Revision
            """,
            new { key.SiteId, key.CommentId, key.Revision }, cancellationToken: cancellationToken));
        return row is null ? null : ToStored(key, row);
    }

    /// <summary>
    /// Stores the decision unless one exists for its key; returns whichever is stored, and whether it is
    /// this one. A held decision enters the review queue in the same transaction, so a crash never leaves
    /// it out of the queue; the comment's history records the outcome in it too.
    /// </summary>
    public async Task<(StoredDecision Stored, bool Added)> AddOrGetAsync(CommentSubmitted comment, IModerationDecision decision, CancellationToken cancellationToken)
    {
        var key = DecisionKey.Of(comment);
        var outcome = DecisionEvents.OutcomeOf(decision);
        comment = ForStorage(comment, decision);
        var row = new DecisionRow
        {
            SiteId = key.SiteId,
            CommentId = key.CommentId,
            Revision = key.Revision,
            DecisionId = decision.DecisionId.ToString(),
            Outcome = outcome.ToString(),
            ThreadId = comment.ThreadId,
            AuthorId = comment.Author.Id,
            ReasonCodes = string.Join(' ', decision.Reasons.Where(r => !r.Shadow && r.Action >= ReasonAction.Hold).Select(r => r.Code).Distinct()),
            EventJson = DecisionEvents.Serialize(decision),
            CommentJson = JsonSerializer.Serialize(comment, DecisionEvents.Json),
            DecidedAt = decision.DecidedAt.UtcDateTime.ToString("O"),
            // PostgreSQL text cannot hold NUL; such a comment is rejected as InvalidText, and its
            // searchable copy keeps a visible replacement (the JSON copy keeps the escape).
            Text = comment.Text.Replace('\0', '\uFFFD'),
            MaxScore = decision.Scores.Where(s => !s.Shadow).Select(s => (double?)s.Value).Max(),
        };

        var inserted = _batcher is not null
            ? await _batcher.InsertAsync(row, cancellationToken)
            : await InsertSqliteAsync(row, outcome, cancellationToken);

        // Our row went in: it is exactly this decision, unpublished. Only a lost race (another replica
        // or an earlier attempt stored first) needs the stored one read back. Saves a round trip per comment.
        if (inserted)
        {
            return (new StoredDecision(key, outcome, decision, PublishedAt: null), true);
        }

        var stored = await FindAsync(key, cancellationToken)
            ?? throw new InvalidOperationException("A decision that was just stored could not be read back.");
        return (stored, false);
    }

    /// <summary>How much of a text rejected for its length is stored.</summary>
    internal const int TooLongTextKept = 10_000;

    /// <summary>
    /// A text rejected for its length is stored only as far as a moderator needs to see what it was:
    /// its copies (the JSON and the searchable text) would otherwise let any backend put tens of
    /// megabytes per comment into the database. The reason's message keeps the original length.
    /// </summary>
    internal static CommentSubmitted ForStorage(CommentSubmitted comment, IModerationDecision decision)
    {
        if (comment.Text.Length <= TooLongTextKept || !decision.Reasons.Any(r => r.Code == ReasonCodes.TextTooLong && !r.Shadow))
        {
            return comment;
        }

        // Never cut a surrogate pair in two: half a character cannot be stored as UTF-8.
        var kept = char.IsHighSurrogate(comment.Text[TooLongTextKept - 1]) ? TooLongTextKept - 1 : TooLongTextKept;
        return comment with { Text = comment.Text[..kept] };
    }

    internal const string InsertColumns = "site_id, comment_id, revision, decision_id, outcome, thread_id, author_id, reason_codes, event_json, comment_json, decided_at, comment_text, max_score";

    /// <summary>SQLite has no data-modifying WITH; in process, a transaction of a few statements costs little.</summary>
    private async Task<bool> InsertSqliteAsync(DecisionRow row, Outcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO decisions ({InsertColumns})
            VALUES (@SiteId, @CommentId, @Revision, @DecisionId, @Outcome, @ThreadId, @AuthorId, @ReasonCodes, @EventJson, @CommentJson, @DecidedAt, @Text, @MaxScore)
            ON CONFLICT (site_id, comment_id, revision) DO NOTHING
            """,
            row,
            transaction,
            cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE comment_history SET outcome = @Outcome, outcome_at = @DecidedAt WHERE site_id = @SiteId AND comment_id = @CommentId",
                row,
                transaction,
                cancellationToken: cancellationToken));
        }

        if (outcome == Outcome.HeldForReview)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO reviews (site_id, comment_id, revision, state, version, held_at)
                SELECT site_id, comment_id, revision, 'Held', 1, decided_at FROM decisions
                WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND outcome = 'HeldForReview'
                ON CONFLICT (site_id, comment_id, revision) DO NOTHING
                """,
                row,
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted == 1;
    }

    public Task MarkPublishedAsync(DecisionKey key, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkPublishedAsync([key], at, cancellationToken);

    /// <summary>Marks many decisions published in one statement (PostgreSQL) or one transaction (SQLite).</summary>
    public async Task MarkPublishedAsync(IReadOnlyCollection<DecisionKey> keys, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }

        var time = at.UtcDateTime.ToString("O");
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO decisions_published (site_id, comment_id, revision, published_at)
                SELECT site_id, comment_id, revision, CAST(@At AS timestamptz)
                FROM unnest(@Sites, @Comments, @Revisions) AS k(site_id, comment_id, revision)
                ON CONFLICT (site_id, comment_id, revision) DO NOTHING
                """,
                new
                {
                    At = time,
                    Sites = keys.Select(k => k.SiteId).ToArray(),
                    Comments = keys.Select(k => k.CommentId).ToArray(),
                    Revisions = keys.Select(k => k.Revision).ToArray(),
                },
                cancellationToken: cancellationToken));
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO decisions_published (site_id, comment_id, revision, published_at) VALUES (@SiteId, @CommentId, @Revision, @At)
            ON CONFLICT (site_id, comment_id, revision) DO NOTHING
            """,
            keys.Select(k => new { k.SiteId, k.CommentId, k.Revision, At = time }),
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> CountAsync(string siteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM decisions WHERE site_id = @siteId", new { siteId }, cancellationToken: cancellationToken));
    }

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
