using Moderation.Contracts;
using Moderation.Core.Normalisation;

namespace Moderation.Core.Classification;

/// <summary>Scores a comment for one task ("spam", "toxicity") with a versioned model.</summary>
public interface IClassifier
{
    /// <summary>The task, also the name used for shadow mode and in <see cref="Score.Name"/>.</summary>
    string Task { get; }

    /// <summary>The score, or null when no model is loaded (the decision then says so).</summary>
    ClassifierResult? Score(NormalizedText text);
}

/// <summary>A calibrated probability with the features that pushed it most.</summary>
public sealed record ClassifierResult(double Probability, string ModelVersion, IReadOnlyList<Evidence> Explanation);
