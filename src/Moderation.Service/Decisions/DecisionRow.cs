namespace Moderation.Service.Decisions;

/// <summary>One row of the decisions table, as the store writes it (times as ISO 8601 UTC text).</summary>
internal sealed record DecisionRow
{
    public required string SiteId { get; init; }

    public required string CommentId { get; init; }

    public required int Revision { get; init; }

    public required string DecisionId { get; init; }

    public required string Outcome { get; init; }

    public required string ThreadId { get; init; }

    public required string AuthorId { get; init; }

    public required string ReasonCodes { get; init; }

    public required string EventJson { get; init; }

    public required string CommentJson { get; init; }

    public required string DecidedAt { get; init; }

    public required string Text { get; init; }

    public double? MaxScore { get; init; }
}
