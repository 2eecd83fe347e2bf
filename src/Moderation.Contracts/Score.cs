namespace Moderation.Contracts;

/// <summary>A classifier's probability for one task, with the model that produced it.</summary>
public sealed record Score
{
    /// <summary>The task: "spam" or "toxicity".</summary>
    public required string Name { get; init; }

    /// <summary>Calibrated probability in [0, 1] that the comment is positive for the task.</summary>
    public required double Value { get; init; }

    /// <summary>The version of the model file that scored it.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>True when the model runs in shadow mode and did not decide.</summary>
    public bool Shadow { get; init; }
}
