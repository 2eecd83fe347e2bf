using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Service.Decisions;
using Moderation.Service.Reports;
using Moderation.Service.Storage;

namespace Moderation.Service.ReviewQueue;

/// <summary>Reads of the review queue: the held comments, one comment, search, history, the audit log.</summary>
public sealed class ReviewStore(Database database)
{
    /// <summary>Longest text sent in a list; the full text comes with the comment itself.</summary>
    public const int ExcerptLength = 400;

    private const string From = """
        FROM decisions d LEFT JOIN reviews r ON r.site_id = d.site_id AND r.comment_id = d.comment_id AND r.revision = d.revision
        """;

    private const string Columns = """
        SELECT d.site_id AS SiteId, d.comment_id AS CommentId, d.revision AS Revision, COALESCE(r.state, d.outcome) AS State,
               r.version AS Version, d.decided_at AS At, d.thread_id AS ThreadId, d.author_id AS AuthorId, d.reason_codes AS ReasonCodes,
               d.max_score AS MaxScore, d.comment_json AS CommentJson, r.decided_by AS DecidedBy
        """;

    public async Task<QueuePage> QueueAsync(string siteId, QueueQuery query, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("WHERE d.site_id = @SiteId AND r.state = 'Held'");
        var parameters = new DynamicParameters();
        parameters.Add("SiteId", siteId);
        if (query.Reason?.Trim() == ReasonCodes.Reported)
        {
            // Reports are not a reason of the pipeline's decision: a comment is "Reported" while readers' reports of it are open.
            where.Append(" AND EXISTS (SELECT 1 FROM reports p WHERE p.site_id = d.site_id AND p.comment_id = d.comment_id AND p.revision = d.revision AND p.resolved_at IS NULL)");
        }
        else if (!string.IsNullOrWhiteSpace(query.Reason))
        {
            where.Append(" AND (' ' || d.reason_codes || ' ') LIKE @Reason");
            parameters.Add("Reason", $"% {query.Reason.Trim()} %");
        }

        if (query.MinScore is { } min)
        {
            where.Append(" AND d.max_score >= @MinScore");
            parameters.Add("MinScore", min);
        }

        if (query.MaxScore is { } max)
        {
            where.Append(" AND d.max_score <= @MaxScore");
            parameters.Add("MaxScore", max);
        }

        if (!string.IsNullOrWhiteSpace(query.Thread))
        {
            where.Append(" AND d.thread_id = @Thread");
            parameters.Add("Thread", query.Thread);
        }

        if (!string.IsNullOrWhiteSpace(query.Author))
        {
            where.Append(" AND d.author_id = @Author");
            parameters.Add("Author", query.Author);
        }

        if (query.From is { } from)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND r.held_at >= {database.Time("@From")}");
            parameters.Add("From", SqlText.Iso(from));
        }

        if (query.To is { } to)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND r.held_at < {database.Time("@To")}");
            parameters.Add("To", SqlText.Iso(to));
        }

        var order = query.Sort switch
        {
            "oldest" => "r.held_at ASC, d.comment_id ASC",
            "riskiest" => "COALESCE(d.max_score, -1) DESC, r.held_at DESC, d.comment_id ASC",
            _ => "r.held_at DESC, d.comment_id DESC",
        };
        parameters.Add("Limit", query.Limit);
        parameters.Add("Offset", query.Offset);

        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT COUNT(*) {From} {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition(
            $"{Columns} {From} {where} ORDER BY {order} LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return new QueuePage(await WithReportsAsync(connection, siteId, rows.Select(ToItem).ToList(), cancellationToken), total, query.Offset, query.Limit);
    }

    /// <summary>The number of held comments and when the newest was held: what the live updates watch.</summary>
    public async Task<(int Held, DateTimeOffset? Newest)> QueueStateAsync(string siteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<(long Count, object? Newest)>(new CommandDefinition(
            "SELECT COUNT(*), MAX(held_at) FROM reviews WHERE site_id = @siteId AND state = 'Held'", new { siteId }, cancellationToken: cancellationToken));
        return ((int)row.Count, SqlText.ReadTime(row.Newest));
    }

    public async Task<CommentDetail?> FindAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DetailRow>(new CommandDefinition(
            $"""
            SELECT d.outcome AS Outcome, d.event_json AS EventJson, d.comment_json AS CommentJson, r.state AS State, r.version AS Version,
                   r.decided_by AS DecidedBy, r.decided_at AS DecidedAt, r.reason_code AS ReasonCode, r.note AS Note,
                   r.decision_id AS DecisionId, r.published_at AS PublishedAt
            {From}
            WHERE d.site_id = @SiteId AND d.comment_id = @CommentId AND d.revision = @Revision
            """,
            new { key.SiteId, key.CommentId, key.Revision }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var outcome = Enum.Parse<Outcome>(row.Outcome);
        var pipeline = DecisionEvents.Deserialize(outcome, row.EventJson);
        var reports = (await ReportService.OpenAsync(database, connection, key.SiteId, [key.CommentId], cancellationToken))
            .GetValueOrDefault((key.CommentId, key.Revision)) ?? ReportSummary.None;
        var reasons = reports.Count == 0 ? pipeline.Reasons : [ReportedReason(reports), .. pipeline.Reasons];
        var comment = JsonSerializer.Deserialize<CommentSubmitted>(row.CommentJson, DecisionEvents.Json)!;
        var moderator = row.DecidedBy is null
            ? null
            : new ModeratorDecisionView(row.State!, row.DecidedBy, SqlText.ReadTime(row.DecidedAt)!.Value, row.ReasonCode, row.Note,
                row.DecisionId is null ? null : Guid.Parse(row.DecisionId.ToString()!), row.PublishedAt is not null and not DBNull);
        return new CommentDetail(
            key.SiteId, key.CommentId, key.Revision, row.State ?? StateOf(outcome), row.Version, comment.ThreadId, comment.ThreadUrl, comment.ParentId,
            comment.Kind.ToString(), comment.Text, comment.Language,
            new AuthorView(comment.Author.Id, comment.Author.DisplayName, comment.Author.Url, comment.Author.AccountAgeDays, comment.Author.Role.ToString()),
            comment.SubmittedAt, outcome.ToString(), pipeline.DecidedAt, pipeline.PolicyVersion, reasons, pipeline.Scores, moderator)
        {
            Reports = reports,
        };
    }

    /// <summary>Readers' open reports, as a reason next to the pipeline's: what the page lists under "why it was held".</summary>
    private static DecisionReason ReportedReason(ReportSummary reports) => new()
    {
        Code = ReasonCodes.Reported,
        Message = $"{reports.Count} {(reports.Count == 1 ? "reader" : "readers")} reported it ({string.Join(", ", reports.Reasons.Select(r => $"{r.Reason} {r.Count}"))}).",
        Action = ReasonAction.Hold,
        Source = ReportService.Actor,
    };

    /// <summary>Adds the open reports to the items that have any.</summary>
    private async Task<List<QueueItem>> WithReportsAsync(DbConnection connection, string siteId, List<QueueItem> items, CancellationToken cancellationToken)
    {
        var reports = await ReportService.OpenAsync(database, connection, siteId, items.Select(i => i.CommentId).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        return items.Select(i => reports.TryGetValue((i.CommentId, i.Revision), out var r)
            ? i with { Reports = r, ReasonCodes = [ReasonCodes.Reported, .. i.ReasonCodes] }
            : i).ToList();
    }

    /// <summary>The event of the moderator's decision on a held comment, once there is one.</summary>
    public async Task<IModerationDecision?> FindModeratorDecisionAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string State, string EventJson)?>(new CommandDefinition(
            "SELECT state, event_json FROM reviews WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND event_json IS NOT NULL",
            new { key.SiteId, key.CommentId, key.Revision }, cancellationToken: cancellationToken));
        return row is { } r ? DecisionEvents.Deserialize(r.State == ReviewStates.Approved ? Outcome.Approved : Outcome.Rejected, r.EventJson) : null;
    }

    /// <summary>The newest revision of a comment that the store knows, for links that name only the comment.</summary>
    public async Task<int?> LatestRevisionAsync(string siteId, string commentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT MAX(revision) FROM decisions WHERE site_id = @siteId AND comment_id = @commentId", new { siteId, commentId }, cancellationToken: cancellationToken));
    }

    /// <summary>Every decided comment of the site whose text, author or thread contains <paramref name="text"/>, newest first.</summary>
    public async Task<QueuePage> SearchAsync(string siteId, string? text, string? state, int limit, int offset, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("WHERE d.site_id = @SiteId");
        var parameters = new DynamicParameters(new { SiteId = siteId, Limit = limit, Offset = offset });
        if (!string.IsNullOrWhiteSpace(text))
        {
            where.Append(@" AND (LOWER(d.comment_text) LIKE @Pattern ESCAPE '\' OR LOWER(d.author_id) LIKE @Pattern ESCAPE '\' OR LOWER(d.thread_id) LIKE @Pattern ESCAPE '\' OR LOWER(d.comment_id) LIKE @Pattern ESCAPE '\')");
            parameters.Add("Pattern", SqlText.Contains(text.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(state))
        {
            where.Append(" AND COALESCE(r.state, d.outcome) = @State");
            parameters.Add("State", state);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT COUNT(*) {From} {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition(
            $"{Columns} {From} {where} ORDER BY d.decided_at DESC, d.comment_id DESC LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return new QueuePage(await WithReportsAsync(connection, siteId, rows.Select(ToItem).ToList(), cancellationToken), total, offset, limit);
    }

    public async Task<AuthorHistory> AuthorHistoryAsync(string siteId, string authorId, int recent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = (await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            $"SELECT COALESCE(r.state, d.outcome) AS State, COUNT(*) AS Count {From} WHERE d.site_id = @siteId AND d.author_id = @authorId GROUP BY COALESCE(r.state, d.outcome)",
            new { siteId, authorId }, cancellationToken: cancellationToken))).ToDictionary(c => c.State, c => (int)c.Count);
        var rows = (await connection.QueryAsync<ItemRow>(new CommandDefinition(
            $"{Columns} {From} WHERE d.site_id = @siteId AND d.author_id = @authorId ORDER BY d.decided_at DESC, d.comment_id DESC LIMIT @recent",
            new { siteId, authorId, recent }, cancellationToken: cancellationToken))).Select(ToItem).ToList();
        return new AuthorHistory(
            authorId, rows.Select(r => r.AuthorName).FirstOrDefault(n => n is not null), counts.Values.Sum(),
            counts.GetValueOrDefault(ReviewStates.Approved), counts.GetValueOrDefault(ReviewStates.Rejected), counts.GetValueOrDefault(ReviewStates.Held), rows);
    }

    public async Task<AuditPage> AuditAsync(string siteId, long? before, string? actor, int limit, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("WHERE site_id = @siteId");
        if (before is not null)
        {
            where.Append(" AND id < @before");
        }

        if (!string.IsNullOrWhiteSpace(actor))
        {
            where.Append(" AND actor = @actor");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<AuditRow>(new CommandDefinition(
            $"""
            SELECT id AS Id, at AS At, actor AS Actor, action AS Action, site_id AS SiteId, comment_id AS CommentId, revision AS Revision,
                   from_state AS FromState, to_state AS ToState, reason_code AS ReasonCode, note AS Note
            FROM audit_log {where} ORDER BY id DESC LIMIT @limit
            """,
            new { siteId, before, actor, limit }, cancellationToken: cancellationToken))).ToList();
        var entries = rows.Select(r => new AuditEntry(r.Id, SqlText.ReadTime(r.At)!.Value, r.Actor, r.Action, r.SiteId, r.CommentId, r.Revision, r.FromState, r.ToState, r.ReasonCode, r.Note)).ToList();
        return new AuditPage(entries, entries.Count == limit ? entries[^1].Id : null);
    }

    /// <summary>Appends to the audit log, inside the caller's transaction when one is given.</summary>
    public static Task AppendAuditAsync(Database database, DbConnection connection, DbTransaction? transaction, AuditEntry entry, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO audit_log (at, actor, action, site_id, comment_id, revision, from_state, to_state, reason_code, note)
            VALUES ({database.Time("@At")}, @Actor, @Action, @SiteId, @CommentId, @Revision, @FromState, @ToState, @ReasonCode, @Note)
            """,
            new { At = SqlText.Iso(entry.At), entry.Actor, entry.Action, entry.SiteId, entry.CommentId, entry.Revision, entry.FromState, entry.ToState, entry.ReasonCode, entry.Note },
            transaction, cancellationToken: cancellationToken));

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await AppendAuditAsync(database, connection, null, entry, cancellationToken);
    }

    internal static string StateOf(Outcome outcome) => outcome switch
    {
        Outcome.Approved => ReviewStates.Approved,
        Outcome.Rejected => ReviewStates.Rejected,
        _ => ReviewStates.Held,
    };

    private static QueueItem ToItem(ItemRow row)
    {
        var comment = JsonSerializer.Deserialize<CommentSubmitted>(row.CommentJson, DecisionEvents.Json)!;
        var text = comment.Text.Length > ExcerptLength ? comment.Text[..ExcerptLength] + "…" : comment.Text;
        var state = row.State == nameof(Outcome.HeldForReview) ? ReviewStates.Held : row.State;
        return new QueueItem(
            row.SiteId, row.CommentId, row.Revision, state, row.Version, SqlText.ReadTime(row.At)!.Value, row.ThreadId, comment.ThreadUrl,
            row.AuthorId, comment.Author.DisplayName, text, row.ReasonCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries), row.MaxScore, row.DecidedBy);
    }

    private sealed class ItemRow
    {
        public string SiteId { get; set; } = "";

        public string CommentId { get; set; } = "";

        public int Revision { get; set; }

        public string State { get; set; } = "";

        public int? Version { get; set; }

        public object? At { get; set; }

        public string ThreadId { get; set; } = "";

        public string AuthorId { get; set; } = "";

        public string ReasonCodes { get; set; } = "";

        public double? MaxScore { get; set; }

        public string CommentJson { get; set; } = "";

        public string? DecidedBy { get; set; }
    }

    private sealed class DetailRow
    {
        public string Outcome { get; set; } = "";

        public string EventJson { get; set; } = "";

        public string CommentJson { get; set; } = "";

        public string? State { get; set; }

        public int? Version { get; set; }

        public string? DecidedBy { get; set; }

        public object? DecidedAt { get; set; }

        public string? ReasonCode { get; set; }

        public string? Note { get; set; }

        public object? DecisionId { get; set; }

        public object? PublishedAt { get; set; }
    }

    private sealed class AuditRow
    {
        public long Id { get; set; }

        public object? At { get; set; }

        public string Actor { get; set; } = "";

        public string Action { get; set; } = "";

        public string? SiteId { get; set; }

        public string? CommentId { get; set; }

        public int? Revision { get; set; }

        public string? FromState { get; set; }

        public string? ToState { get; set; }

        public string? ReasonCode { get; set; }

        public string? Note { get; set; }
    }
}
