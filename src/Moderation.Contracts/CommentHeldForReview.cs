namespace Moderation.Contracts;

/// <summary>The comment waits for a moderator; a CommentApproved or CommentRejected follows.</summary>
public sealed record CommentHeldForReview : IModerationDecision
{
    /// <inheritdoc />
    public required Guid DecisionId { get; init; }

    /// <inheritdoc />
    public required string CommentId { get; init; }

    /// <inheritdoc />
    public required string SiteId { get; init; }

    /// <inheritdoc />
    public required string ThreadId { get; init; }

    /// <inheritdoc />
    public int Revision { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<DecisionReason> Reasons { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyList<Score> Scores { get; init; } = [];

    /// <inheritdoc />
    public required string PolicyVersion { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset DecidedAt { get; init; }

    /// <inheritdoc />
    public required DecidedBy DecidedBy { get; init; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
