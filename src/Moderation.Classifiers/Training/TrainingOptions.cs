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

    /// <summary>
    /// Differently configured linear models over the same features, stacked by a logistic regression on their
    /// out-of-fold logits. Every member is linear in the same TF-IDF vector, so the stack folds into one weight
    /// vector: scoring costs what a single model costs. Empty = one plain model (NB-scaled when
    /// <see cref="NaiveBayesScaling"/> is set).
    /// </summary>
    public IReadOnlyList<EnsembleMember> Members { get; init; } = [];

    public int Folds { get; init; } = 5;

    /// <summary>
    /// Keep groups of rows whole in cross-validation: rows whose ids agree up to the first ':' ("video:…") or, without
    /// one, up to the last '-' (the corpus writes "s-spam_seo-0042") fall in the same fold. Out-of-fold scores are then scores on kinds of text the fold
    /// model never saw, so the L2 strength, Platt calibration and thresholds fitted on them are less
    /// over-confident than with random folds over template text, where every fold has seen every template.
    /// </summary>
    public bool GroupedFolds { get; init; }

    public int Seed { get; init; } = 20261128;

    public double OptimizationTolerance { get; init; } = 1e-6;

    public int MaximumIterations { get; init; } = 300;

    /// <summary>The out-of-fold precision the recommended reject threshold must reach.</summary>
    public double RejectPrecision { get; init; } = 0.99;

    /// <summary>File names recorded in the metadata (directories are dropped).</summary>
    public IReadOnlyList<string> SourceFiles { get; init; } = [];

    /// <summary>
    /// Source files (<see cref="LabelledText.Source"/>) whose rows are trained on but never scored: they choose no
    /// L2, member or stack, and fit no calibration, threshold, operating curve or training prior. For written text
    /// such as the project's template corpus, whose own cross-validation says nothing about real comments.
    /// </summary>
    public IReadOnlyList<string> UnscoredSources { get; init; } = [];

    /// <summary>
    /// A word-vector table to add a dense block to the model: fitted on the n-gram model's out-of-fold logits
    /// (<see cref="TextModelTrainer"/>), and kept only if it raises the out-of-fold selection AUC. Null: n-grams alone.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public WordVectors? WordVectors { get; init; }

    /// <summary>
    /// Fit the n-grams with an intercept per source file, dropped when scoring, as the word-vector block already is.
    /// Files differ in their share of positives (2–83 % for toxicity), and without their own intercepts the n-grams
    /// also learn which file a comment looks like it came from. Off by default: measured for toxicity it lifts the
    /// mean held-out-file AUC, but the shipped model then holds a civil hard negative (docs/classifiers.md).
    /// </summary>
    public bool SourceIntercepts { get; init; }
}

/// <summary>
/// One first-stage configuration in a stacked ensemble. Scales are applied to the features before the
/// regression and folded into the stored weights afterwards: a block scale s makes that block's effective L2
/// strength L2 / s² (per-block regularisation), 0 drops the block.
/// </summary>
public sealed record EnsembleMember(string Name)
{
    /// <summary>Scale each feature by its naive-Bayes log-count ratio (NBSVM).</summary>
    public bool NaiveBayes { get; init; }

    public double CharBlockScale { get; init; } = 1;

    public double WordBlockScale { get; init; } = 1;

    /// <summary>Train with every row weighing 1, whatever weights the data carries (e.g. from --balance-files).</summary>
    public bool IgnoreRowWeights { get; init; }

    /// <summary>"per-file": one member per training file, each trained on that file's rows only (a domain expert the stack can lean on).</summary>
    public bool PerFile { get; init; }

    /// <summary>Set on the members a <see cref="PerFile"/> member expands into: the file whose rows it trains on.</summary>
    public string? OnlySource { get; init; }

    /// <summary>
    /// Parses a member written as modifiers joined by '+': plain, nb, unweighted, per-file, chars (character block only),
    /// words (word block only), c=S and w=S (block scales); e.g. "nb+unweighted" or "c=2".
    /// </summary>
    public static EnsembleMember Parse(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var member = new EnsembleMember(spec);
        foreach (var part in spec.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            member = part switch
            {
                "plain" => member,
                "nb" => member with { NaiveBayes = true },
                "unweighted" => member with { IgnoreRowWeights = true },
                "per-file" => member with { PerFile = true },
                "chars" => member with { WordBlockScale = 0 },
                "words" => member with { CharBlockScale = 0 },
                _ when part.StartsWith("c=", StringComparison.Ordinal) => member with { CharBlockScale = ParseScale(part, spec) },
                _ when part.StartsWith("w=", StringComparison.Ordinal) => member with { WordBlockScale = ParseScale(part, spec) },
                _ => throw new ArgumentException($"Unknown ensemble member modifier '{part}' in '{spec}' (plain, nb, unweighted, per-file, chars, words, c=S, w=S)."),
            };
        }

        return member;
    }

    private static double ParseScale(string part, string spec) =>
        double.TryParse(part.AsSpan(2), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw new ArgumentException($"Bad block scale '{part}' in '{spec}'.");

    /// <summary>
    /// The members `moderation train` uses by default: plain and NB-scaled, each with the rows' weights and
    /// without them, character-only and word-only. Chosen by cross-validation on the toxicity training files,
    /// where the stack beat every single member out of fold; where it does not (spam), the best member ships alone.
    /// </summary>
    public static IReadOnlyList<EnsembleMember> Standard { get; } =
    [
        Parse("plain"), Parse("plain+unweighted"), Parse("nb"), Parse("nb+unweighted"), Parse("chars"), Parse("words"),
    ];
}
