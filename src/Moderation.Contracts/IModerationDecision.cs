namespace Moderation.Contracts;

/// <summary>
/// What every decision event carries. Events are idempotent by (<see cref="SiteId"/>,
/// <see cref="CommentId"/>, <see cref="Revision"/>, <see cref="DecidedBy"/>): a redelivered
/// submission produces the same event again (same message id, same content), never a different one.
/// </summary>
public interface IModerationDecision
{
    /// <summary>Unique id of this decision; also the message id of the event.</summary>
    Guid DecisionId { get; }

    /// <summary>The website's id of the comment.</summary>
    string CommentId { get; }

    /// <summary>The website.</summary>
    string SiteId { get; }

    /// <summary>The thread the comment belongs to.</summary>
    string ThreadId { get; }

    /// <summary>The revision that was decided.</summary>
    int Revision { get; }

    /// <summary>Every reason, including flags and shadow results.</summary>
    IReadOnlyList<DecisionReason> Reasons { get; }

    /// <summary>Every classifier score, including shadow models.</summary>
    IReadOnlyList<Score> Scores { get; }

    /// <summary>The version of the site policy that mapped the signals to the outcome.</summary>
    string PolicyVersion { get; }

    /// <summary>When the decision was made, by the service's clock.</summary>
    DateTimeOffset DecidedAt { get; }

    /// <summary>The pipeline, or the moderator who decided.</summary>
    DecidedBy DecidedBy { get; }

    /// <summary>The metadata the site sent with the comment, echoed back.</summary>
    IReadOnlyDictionary<string, string>? Metadata { get; }
}
