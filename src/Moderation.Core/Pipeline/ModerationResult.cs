using Moderation.Contracts;

namespace Moderation.Core.Pipeline;

/// <summary>What the pipeline decided about one comment revision, and why.</summary>
public sealed record ModerationResult
{
    public required Outcome Outcome { get; init; }

    public required IReadOnlyList<DecisionReason> Reasons { get; init; }

    public required IReadOnlyList<Score> Scores { get; init; }

    public required string PolicyVersion { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>Reason codes of the reasons that decided (not flags, not shadow).</summary>
    public IEnumerable<string> DecidingCodes =>
        Reasons.Where(r => !r.Shadow && r.Action >= ReasonAction.Hold).Select(r => r.Code).Distinct();

    /// <summary>Reason codes of shadow rules and models that would have held or rejected: log them, they did not decide.</summary>
    public IEnumerable<string> ShadowCodes =>
        Reasons.Where(r => r.Shadow && r.Action >= ReasonAction.Hold).Select(r => r.Code).Distinct();
}
