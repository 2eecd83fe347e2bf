namespace Moderation.Contracts;

/// <summary>One reason behind a decision: a stable code, a human message and what matched.</summary>
public sealed record DecisionReason
{
    /// <summary>A stable code such as <c>BannedTerm</c>; see <see cref="ReasonCodes"/>.</summary>
    public required string Code { get; init; }

    /// <summary>A short explanation for a human reader.</summary>
    public required string Message { get; init; }

    /// <summary>What the reason asked for: approve, hold, reject, or only a flag.</summary>
    public required ReasonAction Action { get; init; }

    /// <summary>The rule or model that produced it ("rules/terms", "spam").</summary>
    public string? Source { get; init; }

    /// <summary>True when the rule or model runs in shadow mode: reported, but it did not decide.</summary>
    public bool Shadow { get; init; }

    /// <summary>The matched spans or features that support the reason.</summary>
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];
}
