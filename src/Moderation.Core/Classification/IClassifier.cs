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

/// <summary>
/// A calibrated probability with the features that pushed it most. The explanation is worked out on
/// first use: it costs several times the score, and the pipeline needs it only for a score that
/// becomes a reason.
/// </summary>
public sealed class ClassifierResult(double probability, string modelVersion, Func<IReadOnlyList<Evidence>> explain)
{
    private IReadOnlyList<Evidence>? _explanation;

    public ClassifierResult(double probability, string modelVersion, IReadOnlyList<Evidence> explanation)
        : this(probability, modelVersion, () => explanation)
    {
    }

    public double Probability { get; } = probability;

    public string ModelVersion { get; } = modelVersion;

    public IReadOnlyList<Evidence> Explanation => _explanation ??= explain();
}
