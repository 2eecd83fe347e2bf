using Moderation.Contracts;
using Moderation.Core.Normalisation;

namespace Moderation.Core.Classification;

/// <summary>Scores a comment for one task ("spam", "toxicity") with a versioned model.</summary>
public interface IClassifier
{
    /// <summary>The task, also the name used for shadow mode and in <see cref="Score.Name"/>.</summary>
    string Task { get; }

    /// <summary>The score for the site asking, or null when no model is loaded (the decision then says so).</summary>
    ClassifierResult? Score(NormalizedText text, ScoringContext context);
}

/// <summary>
/// Who asks for a score: the site, and the share of its comments it expects to be positive for the
/// task (<c>Moderation:Sites:{id}:ExpectedRates</c>). The probability is corrected to that rate.
/// </summary>
public readonly record struct ScoringContext(string SiteId, double ExpectedRate);

/// <summary>
/// A model's own thresholds at a site's expected rate, in the same (corrected) probability as the score:
/// hold from <see cref="Hold"/> (the best F1 out of fold), reject from <see cref="Reject"/> (the lowest
/// probability whose out-of-fold precision reached the model's reject precision, 0.99 by default).
/// </summary>
public sealed record OperatingThresholds(double Hold, double Reject);

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

    /// <summary>The probability at the site's expected rate.</summary>
    public double Probability { get; } = probability;

    public string ModelVersion { get; } = modelVersion;

    /// <summary>The model's recommended thresholds at the site's expected rate; null when its file has none.</summary>
    public OperatingThresholds? Thresholds { get; init; }

    /// <summary>
    /// The score of a second model that is being tried on this site's comments in shadow (a site's
    /// challenger): reported as a shadow score, with shadow reasons, and never deciding. Null when none runs.
    /// </summary>
    public ClassifierResult? Shadow { get; init; }

    public IReadOnlyList<Evidence> Explanation => _explanation ??= explain();

    /// <summary>This result with <paramref name="shadow"/> scored beside it; the explanation is still worked out at most once.</summary>
    public ClassifierResult WithShadow(ClassifierResult? shadow) =>
        new(Probability, ModelVersion, () => Explanation) { Thresholds = Thresholds, Shadow = shadow };
}
