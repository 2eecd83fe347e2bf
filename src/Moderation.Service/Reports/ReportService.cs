using System.Data.Common;
using Dapper;
using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Sites;
using Moderation.Service.Decisions;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Storage;
using Moderation.Service.Telemetry;

namespace Moderation.Service.Reports;

/// <summary>What became of one reader's report.</summary>
public abstract record ReportOutcome
{
    /// <summary>
    /// The report is on record: new, or <paramref name="Repeated"/> when this reader had reported this
    /// revision before (it counts once). <paramref name="HeldNow"/>: this report put the comment back in the queue.
    /// </summary>
    public sealed record Counted(int Revision, string State, int OpenReports, bool Repeated, bool HeldNow) : ReportOutcome;

    /// <summary>The reader filed as many reports as the site allows within its window.</summary>
    public sealed record Limited(TimeSpan RetryAfter, int Max, TimeSpan Window) : ReportOutcome;

    /// <summary>The site has no decision for this comment.</summary>
    public sealed record NotFound : ReportOutcome;

    /// <summary>The comment is not published (rejected): nothing for a reader to see or report.</summary>
    public sealed record NotPublished(string State) : ReportOutcome;
}

public sealed record ReportReasonCount(string Reason, int Count);

/// <summary>The open (not yet answered by a moderator) reports of one comment revision.</summary>
public sealed record ReportSummary(int Count, IReadOnlyList<ReportReasonCount> Reasons)
{
    public static ReportSummary None { get; } = new(0, []);
}

/// <summary>
/// Readers report published comments. Each reader counts once per comment revision (by a keyed hash
/// of their id, never the id itself); a reader may file only so many reports per window; when a
/// revision has <see cref="SiteSettings.ReportsToHold"/> open reports and stands approved, it goes back
/// to the review queue, where a moderator's decision answers the reports and is published as any is.
/// </summary>
public sealed class ReportService(
    Database database, ReporterHasher hasher, ISiteSettingsProvider sites, ReviewQueueSignal signal, ModerationMetrics metrics,
    TimeProvider time, ILogger<ReportService> logger)
{
    /// <summary>Who the audit log names when reports put a comment in the queue.</summary>
    public const string Actor = "readers";

    /// <summary>The reasons a reader may give; the same words a moderator rejects with.</summary>
    public static IReadOnlyList<string> Reasons => ModeratorReasons.Reject;

    public const string DefaultReason = ModeratorReasons.DefaultReject;

    public async Task<ReportOutcome> ReportAsync(string siteId, string commentId, string reporterId, string reason, CancellationToken cancellationToken)
    {
        var settings = sites.Find(siteId) ?? throw new ArgumentException($"There is no site '{siteId}'.", nameof(siteId));
        var reporter = await hasher.HashAsync(siteId, reporterId, cancellationToken);
        var now = time.GetUtcNow();
        ReportOutcome outcome;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            outcome = await ReportAsync(connection, transaction, settings, siteId, commentId, reporter, reason, now, cancellationToken);
            if (outcome is ReportOutcome.Counted)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                await transaction.RollbackAsync(cancellationToken);
            }
        }

        metrics.Reported(siteId, outcome switch
        {
            ReportOutcome.Counted { Repeated: true } => "repeated",
            ReportOutcome.Counted => "counted",
            ReportOutcome.Limited => "limited",
            ReportOutcome.NotPublished => "not_published",
            _ => "unknown_comment",
        });
        if (outcome is ReportOutcome.Counted { HeldNow: true } held)
        {
            metrics.ReportHeld(siteId);
            signal.Notify(siteId);
            logger.LogInformation("Readers' reports put {SiteId}/{CommentId} revision {Revision} back in the review queue ({Reports} open reports)",
                siteId, commentId, held.Revision, held.OpenReports);
        }
        else if (outcome is ReportOutcome.Limited)
        {
            logger.LogInformation("Refused a report of {SiteId}/{CommentId}: the reporter reached the site's limit", siteId, commentId);
        }

        return outcome;
    }

    private async Task<ReportOutcome> ReportAsync(
        DbConnection connection, DbTransaction transaction, SiteSettings settings, string siteId, string commentId, string reporter, string reason,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Readers see the newest revision. Under PostgreSQL its decision row is locked, so concurrent
        // reports of one comment are counted one after the other and the one that reaches the
        // threshold sees all before it; SQLite's transactions take the write lock at once.
        var target = await connection.QuerySingleOrDefaultAsync<TargetRow>(new CommandDefinition(
            $"""
            SELECT d.revision AS Revision, d.outcome AS Outcome, r.state AS State, r.decision_id AS DecisionId, r.published_at AS PublishedAt
            FROM decisions d LEFT JOIN reviews r ON r.site_id = d.site_id AND r.comment_id = d.comment_id AND r.revision = d.revision
            WHERE d.site_id = @siteId AND d.comment_id = @commentId
            ORDER BY d.revision DESC LIMIT 1 {(database.Dialect == SqlDialect.Postgres ? "FOR UPDATE OF d" : "")}
            """,
            new { siteId, commentId }, transaction, cancellationToken: cancellationToken));
        if (target is null)
        {
            return new ReportOutcome.NotFound();
        }

        var state = target.State ?? ReviewStore.StateOf(Enum.Parse<Outcome>(target.Outcome));
        if (state == ReviewStates.Rejected)
        {
            return new ReportOutcome.NotPublished(state);
        }

        var key = new { SiteId = siteId, CommentId = commentId, target.Revision, Reporter = reporter };
        var repeated = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM reports WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND reporter_hash = @Reporter",
            key, transaction, cancellationToken: cancellationToken)) > 0;
        if (!repeated)
        {
            var limit = settings.ReportsPerReporter;
            if (limit.Max > 0)
            {
                var recent = await connection.QuerySingleAsync<(long Count, object? Oldest)>(new CommandDefinition(
                    $"SELECT COUNT(*), MIN(reported_at) FROM reports WHERE site_id = @siteId AND reporter_hash = @reporter AND reported_at > {database.Time("@since")}",
                    new { siteId, reporter, since = SqlText.Iso(now - limit.Window) }, transaction, cancellationToken: cancellationToken));
                if (recent.Count >= limit.Max)
                {
                    var retry = SqlText.ReadTime(recent.Oldest)!.Value + limit.Window - now;
                    return new ReportOutcome.Limited(retry < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retry, limit.Max, limit.Window);
                }
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO reports (site_id, comment_id, revision, reporter_hash, reason, reported_at)
                VALUES (@SiteId, @CommentId, @Revision, @Reporter, @Reason, {database.Time("@At")})
                """,
                new { SiteId = siteId, CommentId = commentId, target.Revision, Reporter = reporter, Reason = reason, At = SqlText.Iso(now) },
                transaction, cancellationToken: cancellationToken));
        }

        var open = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM reports WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND resolved_at IS NULL",
            key, transaction, cancellationToken: cancellationToken));
        var heldNow = state == ReviewStates.Approved && open >= settings.ReportsToHold
            && await HoldAsync(connection, transaction, new DecisionKey(siteId, commentId, target.Revision), hasReview: target.State is not null, open, now, cancellationToken);
        return new ReportOutcome.Counted(target.Revision, heldNow ? ReviewStates.Held : state, open, repeated, heldNow);
    }

    /// <summary>
    /// Puts an approved comment back in the queue: a new review row when the pipeline approved it, or
    /// the moderator's approval reopened (kept in the audit log). A moderator's approval that is not
    /// yet published stays: the site cannot be showing that comment yet, and its event must go out.
    /// </summary>
    private async Task<bool> HoldAsync(
        DbConnection connection, DbTransaction transaction, DecisionKey key, bool hasReview, int open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parameters = new { key.SiteId, key.CommentId, key.Revision, At = SqlText.Iso(now) };
        var held = hasReview
            ? await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE reviews SET state = 'Held', version = version + 1, held_at = {database.Time("@At")}, decided_by = NULL, decided_at = NULL,
                       reason_code = NULL, note = NULL, decision_id = NULL, event_json = NULL, published_at = NULL
                WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND state = 'Approved'
                  AND (decision_id IS NULL OR published_at IS NOT NULL)
                """,
                parameters, transaction, cancellationToken: cancellationToken))
            : await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO reviews (site_id, comment_id, revision, state, version, held_at)
                VALUES (@SiteId, @CommentId, @Revision, 'Held', 1, {database.Time("@At")})
                ON CONFLICT (site_id, comment_id, revision) DO NOTHING
                """,
                parameters, transaction, cancellationToken: cancellationToken));
        if (held == 0)
        {
            return false;
        }

        await ReviewStore.AppendAuditAsync(database, connection, transaction, new AuditEntry(
            0, now, Actor, "Report", key.SiteId, key.CommentId, key.Revision, ReviewStates.Approved, ReviewStates.Held, ReasonCodes.Reported,
            $"{open} open reports"), cancellationToken);
        return true;
    }

    /// <summary>The open reports of the given revisions of one site, by comment and revision.</summary>
    public static async Task<Dictionary<(string CommentId, int Revision), ReportSummary>> OpenAsync(
        Database database, DbConnection connection, string siteId, IReadOnlyCollection<string> commentIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, int), ReportSummary>();
        if (commentIds.Count == 0)
        {
            return result;
        }

        var rows = await connection.QueryAsync<(string CommentId, int Revision, string Reason, long Count)>(new CommandDefinition(
            $"""
            SELECT comment_id, revision, reason, COUNT(*) FROM reports
            WHERE site_id = @siteId AND {(database.Dialect == SqlDialect.Postgres ? "comment_id = ANY(@commentIds)" : "comment_id IN @commentIds")} AND resolved_at IS NULL
            GROUP BY comment_id, revision, reason
            """,
            // Dapper passes a list to Npgsql as one array parameter and expands it for SQLite.
            new { siteId, commentIds = commentIds.ToArray() }, cancellationToken: cancellationToken));
        foreach (var group in rows.GroupBy(r => (r.CommentId, r.Revision)))
        {
            var reasons = group.OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)
                .Select(r => new ReportReasonCount(r.Reason, (int)r.Count)).ToList();
            result[group.Key] = new ReportSummary(reasons.Sum(r => r.Count), reasons);
        }

        return result;
    }

    /// <summary>A moderator decided: the open reports of this revision are answered.</summary>
    public static Task ResolveAsync(Database database, DbConnection connection, DbTransaction transaction, DecisionKey key, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE reports SET resolved_at = {database.Time("@At")} WHERE site_id = @SiteId AND comment_id = @CommentId AND revision = @Revision AND resolved_at IS NULL",
            new { key.SiteId, key.CommentId, key.Revision, At = SqlText.Iso(at) }, transaction, cancellationToken: cancellationToken));

    private sealed class TargetRow
    {
        public int Revision { get; set; }

        public string Outcome { get; set; } = "";

        public string? State { get; set; }

        public object? DecisionId { get; set; }

        public object? PublishedAt { get; set; }
    }
}
