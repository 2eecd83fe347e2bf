using Moderation.Classifiers.Features;

namespace Moderation.Classifiers.Training;

/// <summary>How a model is trained. Defaults are the settings the default models are built with.</summary>
public sealed record TrainingOptions
{
    public FeatureSettings Features { get; init; } = new();

    /// <summary>L2 strengths tried by cross-validation; the one with the best out-of-fold ROC AUC wins.</summary>
    public IReadOnlyList<double> L2Candidates { get; init; } = [0.01, 0.1, 1.0];

    public double L1Regularization { get; init; }

    /// <summary>
    /// Scale each feature by its naive-Bayes log-count ratio before the regression (NBSVM, Wang &amp; Manning 2012).
    /// The ratio is folded into the stored weights, so scoring is unchanged.
    /// </summary>
    public bool NaiveBayesScaling { get; init; }

    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 20261128;

    public double OptimizationTolerance { get; init; } = 1e-6;

    public int MaximumIterations { get; init; } = 300;

    /// <summary>The out-of-fold precision the recommended reject threshold must reach.</summary>
    public double RejectPrecision { get; init; } = 0.99;

    /// <summary>File names recorded in the metadata (directories are dropped).</summary>
    public IReadOnlyList<string> SourceFiles { get; init; } = [];
}
