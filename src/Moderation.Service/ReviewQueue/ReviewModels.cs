using Moderation.Contracts;
using Moderation.Service.Reports;

namespace Moderation.Service.ReviewQueue;

/// <summary>Where a comment stands: held for a person, or decided (by the pipeline or a moderator).</summary>
public static class ReviewStates
{
    public const string Held = "Held";
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
}

/// <summary>The reason codes a moderator picks from, and the training labels each implies.</summary>
public static class ModeratorReasons
{
    public static IReadOnlyList<string> Approve { get; } = ["Acceptable", "FalsePositive"];

    public static IReadOnlyList<string> Reject { get; } = [ReasonCodes.Spam, ReasonCodes.Toxic, "OffTopic", "PersonalData", "Other"];

    public const string DefaultApprove = "Acceptable";

    public const string DefaultReject = "Other";

    /// <summary>
    /// Labels per classifier task: an approval says neither spam nor toxic; a rejection says only what
    /// its reason says (a spam rejection tells nothing about toxicity). "moderation" is the decision itself.
    /// </summary>
    public static IEnumerable<(string Task, int Label)> Labels(bool approve, string reasonCode)
    {
        yield return ("moderation", approve ? 0 : 1);
        if (approve)
        {
            yield return ("spam", 0);
            yield return ("toxicity", 0);
        }
        else if (reasonCode == ReasonCodes.Spam)
        {
            yield return ("spam", 1);
        }
        else if (reasonCode == ReasonCodes.Toxic)
        {
            yield return ("toxicity", 1);
        }
    }

    public static IReadOnlyList<string> Tasks { get; } = ["spam", "toxicity", "moderation"];
}

/// <summary>Queue filters and sort, from the query string.</summary>
public sealed record QueueQuery
{
    public string? Reason { get; init; }

    public double? MinScore { get; init; }

    public double? MaxScore { get; init; }

    public string? Thread { get; init; }

    public string? Author { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>newest (default), oldest, or riskiest (highest score first).</summary>
    public string Sort { get; init; } = "newest";

    public int Limit { get; init; } = 50;

    public int Offset { get; init; }
}

/// <summary>One line of the queue, search results or an author's history.</summary>
public sealed record QueueItem(
    string SiteId, string CommentId, int Revision, string State, int? Version, DateTimeOffset At, string ThreadId, string? ThreadUrl,
    string AuthorId, string? AuthorName, string Text, IReadOnlyList<string> ReasonCodes, double? MaxScore, string? DecidedBy)
{
    /// <summary>Readers' open reports of this revision (none: count 0); with any, <see cref="ReasonCodes"/> includes <c>Reported</c>.</summary>
    public ReportSummary Reports { get; init; } = ReportSummary.None;
}

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, int Total, int Offset, int Limit);

public sealed record ModeratorDecisionView(string Outcome, string DecidedBy, DateTimeOffset DecidedAt, string? ReasonCode, string? Note, Guid? DecisionId, bool Published);

public sealed record AuthorView(string Id, string? DisplayName, string? Url, int? AccountAgeDays, string Role);

/// <summary>Everything a moderator needs to decide in one look.</summary>
public sealed record CommentDetail(
    string SiteId, string CommentId, int Revision, string State, int? Version, string ThreadId, string? ThreadUrl, string? ParentId,
    string Kind, string Text, string? Language, AuthorView Author, DateTimeOffset SubmittedAt,
    string PipelineOutcome, DateTimeOffset PipelineDecidedAt, string PolicyVersion,
    IReadOnlyList<DecisionReason> Reasons, IReadOnlyList<Score> Scores, ModeratorDecisionView? Moderator)
{
    /// <summary>Readers' open reports of this revision; with any, <see cref="Reasons"/> starts with a <c>Reported</c> reason.</summary>
    public ReportSummary Reports { get; init; } = ReportSummary.None;
}

public sealed record DecideRequest(int? Version, string? ReasonCode, string? Note);

public sealed record BulkItem(string CommentId, int Revision, int? Version);

public sealed record BulkRequest(string? Action, string? ReasonCode, string? Note, IReadOnlyList<BulkItem>? Items);

public sealed record BulkItemResult(string CommentId, int Revision, string Status, string? Outcome, string? DecidedBy, string? Detail);

public sealed record BulkResponse(int Decided, int Conflicts, int NotFound, IReadOnlyList<BulkItemResult> Results);

public sealed record AuthorHistory(string AuthorId, string? DisplayName, int Total, int Approved, int Rejected, int Held, IReadOnlyList<QueueItem> Recent);

public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? SiteId, string? CommentId, int? Revision,
    string? FromState, string? ToState, string? ReasonCode, string? Note);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextBefore);
