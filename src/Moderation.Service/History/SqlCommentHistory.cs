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
        var command = new Command();
        AppendRecord(command, comment);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(command.Definition(transaction, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The record and every query in one command: one round trip to PostgreSQL, where the statements
    /// of one command run as one implicit transaction (SQLite, in process, gets an explicit one).
    /// </summary>
    public async ValueTask<HistoryFacts> RecordAndLookUpAsync(CommentRecord comment, HistoryQuestions questions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        ArgumentNullException.ThrowIfNull(questions);
        var command = new Command();
        AppendRecord(command, comment);
        // The questions this comment can answer: an IP count needs an address, a similarity a sketch.
        var authorSince = questions.AuthorSince;
        var ipSince = comment.IpHash is null ? null : questions.IpSince;
        var similar = comment.Sketch is null ? null : questions.Similar;
        var rejectionsSince = questions.RejectionsSince;
        if (authorSince is { } a)
        {
            AppendCountByAuthor(command, comment.SiteId, comment.AuthorId, a);
        }

        if (ipSince is { } i)
        {
            AppendCountByIp(command, comment.SiteId, comment.IpHash!, i);
        }

        if (similar is not null)
        {
            AppendSimilar(command, comment.SiteId, comment.Sketch!, similar.Since, comment.CommentId);
        }

        if (rejectionsSince is { } r)
        {
            AppendStanding(command, comment.SiteId, comment.AuthorId, r, comment.CommentId);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = database.Dialect == SqlDialect.Sqlite ? await connection.BeginTransactionAsync(cancellationToken) : null;
        HistoryFacts facts;
        await using (var results = await connection.QueryMultipleAsync(command.Definition(transaction, cancellationToken)))
        {
            // The result sets come in the order the queries were appended.
            facts = new HistoryFacts
            {
                ByAuthor = authorSince is not null ? await results.ReadSingleAsync<int>() : null,
                ByIp = ipSince is not null ? await results.ReadSingleAsync<int>() : null,
                Similar = similar is not null ? Similar(await results.ReadAsync<SimilarRow>(), comment.Sketch!, similar.MinSimilarity, similar.Limit) : [],
                Standing = rejectionsSince is not null ? ToStanding(await results.ReadSingleAsync<StandingRow>()) : null,
            };
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return facts;
    }

    public async ValueTask<int> CountByAuthorAsync(string siteId, string authorId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var command = new Command();
        AppendCountByAuthor(command, siteId, authorId, since);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(command.Definition(null, cancellationToken));
    }

    public async ValueTask<int> CountByIpAsync(string siteId, string ipHash, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var command = new Command();
        AppendCountByIp(command, siteId, ipHash, since);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(command.Definition(null, cancellationToken));
    }

    public async ValueTask<IReadOnlyList<SimilarComment>> FindSimilarAsync(
        string siteId, TextSketch sketch, DateTimeOffset since, double minSimilarity, string excludeCommentId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        var command = new Command();
        AppendSimilar(command, siteId, sketch, since, excludeCommentId);
        await using var connection = await database.OpenAsync(cancellationToken);
        return Similar(await connection.QueryAsync<SimilarRow>(command.Definition(null, cancellationToken)), sketch, minSimilarity, limit);
    }

    public async ValueTask<AuthorStanding> GetAuthorStandingAsync(
        string siteId, string authorId, DateTimeOffset rejectionsSince, string excludeCommentId, CancellationToken cancellationToken)
    {
        var command = new Command();
        AppendStanding(command, siteId, authorId, rejectionsSince, excludeCommentId);
        await using var connection = await database.OpenAsync(cancellationToken);
        return ToStanding(await connection.QuerySingleAsync<StandingRow>(command.Definition(null, cancellationToken)));
    }

    /// <summary>
    /// Inserts or replaces the comment's record and its band keys. An edit or a redelivery keeps the
    /// first-seen time, author and address: it never counts twice.
    /// </summary>
    private void AppendRecord(Command command, CommentRecord comment)
    {
        command.Sql.Append(CultureInfo.InvariantCulture, $"""
            INSERT INTO comment_history (site_id, comment_id, author_id, ip_hash, revision, first_seen, last_seen, sketch)
            VALUES (@SiteId, @CommentId, @AuthorId, @IpHash, @Revision, {Time("@At")}, {Time("@At")}, @Sketch)
            ON CONFLICT (site_id, comment_id) DO UPDATE SET
                revision = CASE WHEN excluded.revision > comment_history.revision THEN excluded.revision ELSE comment_history.revision END,
                last_seen = excluded.last_seen,
                sketch = CASE WHEN excluded.revision >= comment_history.revision THEN excluded.sketch ELSE comment_history.sketch END;
            DELETE FROM comment_history_bands WHERE site_id = @SiteId AND comment_id = @CommentId;

            """);
        command.Set("SiteId", comment.SiteId).Set("CommentId", comment.CommentId).Set("AuthorId", comment.AuthorId).Set("IpHash", comment.IpHash)
            .Set("Revision", comment.Revision).Set("At", Text(comment.At)).Set("Sketch", comment.Sketch?.ToBytes());
        if (comment.Sketch is null)
        {
            return;
        }

        var keys = comment.Sketch.BandKeys();
        command.Sql.Append("INSERT INTO comment_history_bands (site_id, band_key, comment_id, last_seen) VALUES ");
        for (var i = 0; i < keys.Length; i++)
        {
            command.Sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@SiteId, @RecordKey{i}, @CommentId, {Time("@At")})");
            command.Set($"RecordKey{i}", keys[i]);
        }

        command.Sql.Append(" ON CONFLICT DO NOTHING;\n");
    }

    private void AppendCountByAuthor(Command command, string siteId, string authorId, DateTimeOffset since)
    {
        command.Sql.Append(CultureInfo.InvariantCulture, $"SELECT COUNT(*) FROM comment_history WHERE site_id = @SiteId AND author_id = @AuthorId AND first_seen >= {Time("@AuthorSince")};\n");
        command.Set("SiteId", siteId).Set("AuthorId", authorId).Set("AuthorSince", Text(since));
    }

    private void AppendCountByIp(Command command, string siteId, string ipHash, DateTimeOffset since)
    {
        command.Sql.Append(CultureInfo.InvariantCulture, $"SELECT COUNT(*) FROM comment_history WHERE site_id = @SiteId AND ip_hash = @IpHash AND first_seen >= {Time("@IpSince")};\n");
        command.Set("SiteId", siteId).Set("IpHash", ipHash).Set("IpSince", Text(since));
    }

    private void AppendSimilar(Command command, string siteId, TextSketch sketch, DateTimeOffset since, string excludeCommentId)
    {
        var keys = sketch.BandKeys();
        for (var i = 0; i < keys.Length; i++)
        {
            command.Set($"Key{i}", keys[i]);
        }

        // Per band key, the window's most recent comments sharing it, read from the bands' own index
        // (a bounded range scan each); then their rows by primary key. A campaign of thousands of
        // posts costs the same look-up as one of a hundred.
        var candidates = string.Join("\n                  UNION\n", Enumerable.Range(0, keys.Length).Select(i => $"""
                  SELECT comment_id FROM (SELECT b.comment_id FROM comment_history_bands b
                      WHERE b.site_id = @SiteId AND b.band_key = @Key{i} AND b.last_seen >= {Time("@SimilarSince")} AND b.comment_id <> @ExcludeCommentId
                      ORDER BY b.last_seen DESC LIMIT {MaxCandidatesPerBand}) AS k{i}
            """));
        command.Sql.Append(CultureInfo.InvariantCulture, $"""
            SELECT h.comment_id AS CommentId, h.author_id AS AuthorId, h.last_seen AS LastSeen, h.sketch AS Sketch
            FROM comment_history h
            WHERE h.site_id = @SiteId AND h.last_seen >= {Time("@SimilarSince")} AND h.comment_id <> @ExcludeCommentId AND h.sketch IS NOT NULL
              AND h.comment_id IN (
            {candidates});

            """);
        command.Set("SiteId", siteId).Set("SimilarSince", Text(since)).Set("ExcludeCommentId", excludeCommentId);
    }

    /// <summary>
    /// Most comments read per band key, the most recent first. A near-duplicate shares several of a
    /// sketch's band keys, and a campaign needs a few authors, not thousands of posts: enough for any
    /// threshold a site sets, and without it the look-up grows with the campaign it is meant to catch.
    /// </summary>
    internal const int MaxCandidatesPerBand = 16;

    private void AppendStanding(Command command, string siteId, string authorId, DateTimeOffset rejectionsSince, string excludeCommentId)
    {
        command.Sql.Append(CultureInfo.InvariantCulture, $"""
            SELECT COUNT(*) AS Comments,
                   COALESCE(SUM(CASE WHEN outcome = 'Approved' THEN 1 ELSE 0 END), 0) AS Approved,
                   COALESCE(SUM(CASE WHEN outcome = 'Rejected' AND outcome_at >= {Time("@RejectionsSince")} THEN 1 ELSE 0 END), 0) AS RecentRejections
            FROM comment_history
            WHERE site_id = @SiteId AND author_id = @AuthorId AND comment_id <> @ExcludeCommentId;

            """);
        command.Set("SiteId", siteId).Set("AuthorId", authorId).Set("RejectionsSince", Text(rejectionsSince)).Set("ExcludeCommentId", excludeCommentId);
    }

    private static List<SimilarComment> Similar(IEnumerable<SimilarRow> rows, TextSketch sketch, double minSimilarity, int limit) => rows
        .Select(r => new SimilarComment(r.CommentId, r.AuthorId, Store.ToTime(r.LastSeen), sketch.Similarity(TextSketch.FromBytes(r.Sketch))))
        .Where(s => s.Similarity >= minSimilarity)
        .OrderByDescending(s => s.Similarity)
        .ThenBy(s => s.CommentId, StringComparer.Ordinal)
        .Take(limit)
        .ToList();

    private static AuthorStanding ToStanding(StandingRow row) => new((int)row.Comments, (int)row.Approved, (int)row.RecentRejections);

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

    /// <summary>SQL text and its parameters, built up statement by statement; a name set twice keeps one value.</summary>
    private sealed class Command
    {
        private readonly DynamicParameters _parameters = new();

        public StringBuilder Sql { get; } = new();

        public Command Set(string name, object? value)
        {
            _parameters.Add(name, value);
            return this;
        }

        public CommandDefinition Definition(System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken) =>
            new(Sql.ToString(), _parameters, transaction, cancellationToken: cancellationToken);
    }

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
