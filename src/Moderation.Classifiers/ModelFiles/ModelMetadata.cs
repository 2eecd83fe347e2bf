using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.Features;

namespace Moderation.Classifiers.ModelFiles;

/// <summary>What a model file says about itself (metadata.json inside the zip).</summary>
public sealed record ModelMetadata
{
    /// <summary>Bumped when the layout of the file changes; older readers refuse newer files.</summary>
    public int FormatVersion { get; init; } = 1;

    public required string Task { get; init; }

    /// <summary>Derived from the data fingerprint and the settings, so a reproducible rebuild keeps its version.</summary>
    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>SHA-256 (hex) over the training rows as "id TAB text TAB label LF", in training order.</summary>
    public required string TrainingDataSha256 { get; init; }

    /// <summary>File names (no directories) of the training data, for the record.</summary>
    public IReadOnlyList<string> TrainingFiles { get; init; } = [];

    public int TrainingRows { get; init; }

    public int TrainingPositives { get; init; }

    public required string Trainer { get; init; }

    public required TrainerSettings TrainerSettings { get; init; }

    public required FeatureSettings Features { get; init; }

    public int VocabularySize { get; init; }

    public required PlattCalibration Calibration { get; init; }

    public required RecommendedThresholds Thresholds { get; init; }

    /// <summary>
    /// The share of positives among the training rows: the class balance the calibrated probability is true
    /// for, and the one the service corrects from to each site's expected rate. Null in files written before
    /// it was recorded (their probabilities are used as they are).
    /// </summary>
    public double? TrainingPrior { get; init; }

    /// <summary>Out-of-fold detection and false-alarm rates by threshold: the thresholds at any expected rate come from it.</summary>
    public OperatingCurve? OperatingCurve { get; init; }

    /// <summary>Out-of-fold figures from cross-validation on the training data (no test data involved).</summary>
    public required EvaluationSummary CrossValidation { get; init; }

    /// <summary>The n-grams with the largest weights towards and away from the positive class.</summary>
    public IReadOnlyList<WeightedFeature> TopPositiveFeatures { get; init; } = [];

    public IReadOnlyList<WeightedFeature> TopNegativeFeatures { get; init; } = [];

    /// <summary>The word-vector block of the model (format version 2), or null for an n-gram model alone.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WordVectorSettings? WordVectors { get; init; }
}

/// <summary>The settings the trainer ran with, including those chosen by cross-validation.</summary>
public sealed record TrainerSettings
{
    /// <summary>The chosen L2; for a stack, that of its heaviest member (each member's is in <see cref="Ensemble"/>).</summary>
    public double L2Regularization { get; init; }

    public double L1Regularization { get; init; }

    /// <summary>True when the model that ships is a single NB-scaled model.</summary>
    public bool NaiveBayesScaling { get; init; }

    /// <summary>True when rows were weighted so that every training file counts equally.</summary>
    public bool BalancedFiles { get; init; }

    public IReadOnlyList<double> L2Candidates { get; init; } = [];

    /// <summary>
    /// Training files whose rows were trained on but chose and calibrated nothing (see <c>TrainingOptions.UnscoredSources</c>);
    /// absent when there are none, so that models trained without any keep their versions.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? UnscoredSources { get; init; }

    /// <summary>
    /// True when the n-grams were fitted with an intercept per training file (see <c>TrainingOptions.SourceIntercepts</c>);
    /// absent otherwise, so that models trained without keep their versions.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? SourceIntercepts { get; init; }

    /// <summary>
    /// The stacked first stages, when there is more than one: their settings, chosen L2, out-of-fold AUC and
    /// weight in the stack. The stored weights are already their weighted sum.
    /// </summary>
    public IReadOnlyList<MemberSettings> Ensemble { get; init; } = [];

    /// <summary>The stacker's intercept (already in the stored bias).</summary>
    public double StackBias { get; init; }

    /// <summary>The stacker's L2 strength, chosen out of fold; 0 when no stack ships.</summary>
    public double StackL2 { get; init; }

    public double OptimizationTolerance { get; init; }

    public int MaximumIterations { get; init; }

    public int Folds { get; init; }

    /// <summary>True when cross-validation kept groups of rows (same id up to the last '-') in one fold.</summary>
    public bool GroupedFolds { get; init; }

    public int Seed { get; init; }
}

/// <summary>p = 1 / (1 + exp(-(A·logit + B))), fitted on out-of-fold logits (Platt 1999, with his target smoothing).</summary>
public sealed record PlattCalibration(double A, double B)
{
    public double Apply(double logit) => 1 / (1 + Math.Exp(-(A * logit + B)));
}

/// <summary>
/// Out-of-fold true and false positive rates (rows weighted as in training) at each threshold on the
/// calibrated probability, thresholds in descending order. A class balance changes precision but not
/// these rates, so the thresholds for any site's expected rate can be worked out from them
/// (<see cref="OperatingCurves.At"/>).
/// </summary>
public sealed record OperatingCurve(IReadOnlyList<double> Thresholds, IReadOnlyList<double> TruePositiveRates, IReadOnlyList<double> FalsePositiveRates);

/// <summary>
/// Hold = the probability that maximised F1 out of fold; Reject = the lowest probability whose out-of-fold
/// precision reached <see cref="RejectPrecision"/> (1.0 when none did: reject nothing automatically).
/// </summary>
public sealed record RecommendedThresholds(double Hold, double Reject, double RejectPrecision);

public sealed record WeightedFeature(string Feature, double Weight);

public sealed record MemberSettings(string Name, bool NaiveBayes, double CharBlockScale, double WordBlockScale, bool IgnoreRowWeights, double L2Regularization, double OutOfFoldAuc, double StackWeight)
{
    /// <summary>The one training file this member learnt from, or null for all of them.</summary>
    public string? OnlySource { get; init; }
}

/// <summary>
/// What a model's word-vector block is: its table (source, size, SHA-256 of its bytes) and how its weights were
/// fitted: a logistic regression on the comment vectors with the n-gram model's logit as a fixed offset, its L2 chosen
/// by the mean AUC over <paramref name="HeldOutFiles"/>, each held out of both the n-grams and the block in turn, where
/// it had to beat the n-grams alone (<paramref name="HeldOutAucWithout"/> against <paramref name="HeldOutAucWith"/>).
/// </summary>
public sealed record WordVectorSettings(
    string Source, int Words, int Dimensions, string Sha256, double L2Regularization, IReadOnlyList<string> HeldOutFiles, double HeldOutAucWithout, double HeldOutAucWith);
