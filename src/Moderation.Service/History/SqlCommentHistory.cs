using System.Globalization;
using System.Text;
using Dapper;
using Moderation.Core.Pipeline;
using Moderation.Core.Rules.History;
using Moderation.Service.Storage;

namespace Moderation.Service.History;

/// <summary>
/// The comment history in the service's store (SQLite or PostgreSQL), so that every replica counts
/// the same floods and sees the same campaigns. Near-duplicates are found by an indexed equality
/// match on the sketches' band keys, then compared by <see cref="TextSketch.Similarity"/>.
/// </summary>
public sealed class SqlCommentHistory(Database database) : ICommentHistory
{
    public async ValueTask RecordAsync(CommentRecord comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var at = Text(comment.At);

        // An edit or a redelivery keeps the first-seen time, author and address: it never counts twice.
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO comment_history (site_id, comment_id, author_id, ip_hash, revision, first_seen, last_seen, sketch)
            VALUES (@SiteId, @CommentId, @AuthorId, @IpHash, @Revision, {Time("@At")}, {Time("@At")}, @Sketch)
            ON CONFLICT (site_id, comment_id) DO UPDATE SET
                revision = CASE WHEN excluded.revision > comment_history.revision THEN excluded.revision ELSE comment_history.revision END,
                last_seen = excluded.last_seen,
                sketch = CASE WHEN excluded.revision >= comment_history.revision THEN excluded.sketch ELSE comment_history.sketch END
            """,
            new { comment.SiteId, comment.CommentId, comment.AuthorId, comment.IpHash, comment.Revision, At = at, Sketch = comment.Sketch?.ToBytes() },
            transaction,
            cancellationToken: cancellationToken));

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM comment_history_bands WHERE site_id = @SiteId AND comment_id = @CommentId",
            new { comment.SiteId, comment.CommentId },
            transaction,
            cancellationToken: cancellationToken));

        if (comment.Sketch is not null)
        {
            var keys = comment.Sketch.BandKeys();
            var parameters = new DynamicParameters(new { comment.SiteId, comment.CommentId });
            var values = new StringBuilder();
            for (var i = 0; i < keys.Length; i++)
            {
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@SiteId, @k{i}, @CommentId)");
                parameters.Add($"k{i}", keys[i]);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO comment_history_bands (site_id, band_key, comment_id) VALUES {values} ON CONFLICT DO NOTHING",
                parameters,
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask<int> CountByAuthorAsync(string siteId, string authorId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM comment_history WHERE site_id = @siteId AND author_id = @authorId AND first_seen >= {Time("@since")}",
            new { siteId, authorId, since = Text(since) },
            cancellationToken: cancellationToken));
    }

    public async ValueTask<int> CountByIpAsync(string siteId, string ipHash, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM comment_history WHERE site_id = @siteId AND ip_hash = @ipHash AND first_seen >= {Time("@since")}",
            new { siteId, ipHash, since = Text(since) },
            cancellationToken: cancellationToken));
    }

    public async ValueTask<IReadOnlyList<SimilarComment>> FindSimilarAsync(
        string siteId, TextSketch sketch, DateTimeOffset since, double minSimilarity, string excludeCommentId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        var keys = sketch.BandKeys();
        var parameters = new DynamicParameters(new { siteId, since = Text(since), excludeCommentId });
        for (var i = 0; i < keys.Length; i++)
        {
            parameters.Add($"k{i}", keys[i]);
        }

        var inList = string.Join(", ", Enumerable.Range(0, keys.Length).Select(i => $"@k{i}"));
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SimilarRow>(new CommandDefinition(
            $"""
            SELECT h.comment_id AS CommentId, h.author_id AS AuthorId, h.last_seen AS LastSeen, h.sketch AS Sketch
            FROM comment_history h
            WHERE h.site_id = @siteId AND h.last_seen >= {Time("@since")} AND h.comment_id <> @excludeCommentId AND h.sketch IS NOT NULL
              AND h.comment_id IN (SELECT b.comment_id FROM comment_history_bands b WHERE b.site_id = @siteId AND b.band_key IN ({inList}))
            """,
            parameters,
            cancellationToken: cancellationToken));

        return rows
            .Select(r => new SimilarComment(r.CommentId, r.AuthorId, Store.ToTime(r.LastSeen), sketch.Similarity(TextSketch.FromBytes(r.Sketch))))
            .Where(s => s.Similarity >= minSimilarity)
            .OrderByDescending(s => s.Similarity)
            .ThenBy(s => s.CommentId, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    public async ValueTask<AuthorStanding> GetAuthorStandingAsync(
        string siteId, string authorId, DateTimeOffset rejectionsSince, string excludeCommentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<StandingRow>(new CommandDefinition(
            $"""
            SELECT COUNT(*) AS Comments,
                   COALESCE(SUM(CASE WHEN outcome = 'Approved' THEN 1 ELSE 0 END), 0) AS Approved,
                   COALESCE(SUM(CASE WHEN outcome = 'Rejected' AND outcome_at >= {Time("@since")} THEN 1 ELSE 0 END), 0) AS RecentRejections
            FROM comment_history
            WHERE site_id = @siteId AND author_id = @authorId AND comment_id <> @excludeCommentId
            """,
            new { siteId, authorId, excludeCommentId, since = Text(rejectionsSince) },
            cancellationToken: cancellationToken));
        return new AuthorStanding((int)row.Comments, (int)row.Approved, (int)row.RecentRejections);
    }

    public async ValueTask RecordOutcomeAsync(string siteId, string commentId, Outcome outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE comment_history SET outcome = @outcome, outcome_at = {Time("@at")} WHERE site_id = @siteId AND comment_id = @commentId",
            new { siteId, commentId, outcome = outcome.ToString(), at = Text(at) },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Forgets the sketches (and their band keys) of comments last seen before <paramref name="before"/>:
    /// they only matter within the duplicate and campaign windows. The rows stay, for flood counts
    /// and author standing. Returns the number of comments whose sketch was dropped.
    /// </summary>
    public async Task<int> PruneSketchesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cutoff = new { before = Text(before) };
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            DELETE FROM comment_history_bands WHERE (site_id, comment_id) IN
                (SELECT site_id, comment_id FROM comment_history WHERE last_seen < {Time("@before")} AND sketch IS NOT NULL)
            """,
            cutoff, transaction, cancellationToken: cancellationToken));
        var pruned = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE comment_history SET sketch = NULL WHERE last_seen < {Time("@before")} AND sketch IS NOT NULL",
            cutoff, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return pruned;
    }

    // Times travel as ISO 8601 UTC text; PostgreSQL casts them, SQLite compares them as text.
    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private string Time(string parameter) => database.Dialect == SqlDialect.Postgres ? $"CAST({parameter} AS timestamptz)" : parameter;

    private sealed class SimilarRow
    {
        public string CommentId { get; set; } = "";

        public string AuthorId { get; set; } = "";

        public object LastSeen { get; set; } = "";

        public byte[] Sketch { get; set; } = [];
    }

    private sealed class StandingRow
    {
        public long Comments { get; set; }

        public long Approved { get; set; }

        public long RecentRejections { get; set; }
    }
}

internal static class Store
{
    public static DateTimeOffset ToTime(object value) => value switch
    {
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto,
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new InvalidOperationException($"Unexpected time type {value.GetType().Name}."),
    };
}
