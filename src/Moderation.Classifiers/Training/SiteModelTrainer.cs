using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Moderation.Classifiers.Calibration;
using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.Features;
using Moderation.Classifiers.ModelFiles;

namespace Moderation.Classifiers.Training;

/// <summary>How a site's challenger model is trained from the task's base data plus the site's own labels.</summary>
public sealed record SiteTrainingOptions
{
    /// <summary>Fewer labels than this of either class and training refuses: a handful of decisions says nothing a model should act on.</summary>
    public int MinimumPerClass { get; init; } = 50;

    /// <summary>
    /// The weights a site label may get, as multiples of a base row's mean weight; cross-validation over the site's
    /// labels picks one. 1 = a site label counts as much as a base row; 10 = as much as ten.
    /// </summary>
    public IReadOnlyList<double> SiteWeights { get; init; } = [1, 3, 10];

    /// <summary>
    /// The L2 strength: fixed, not searched, because every candidate costs a fit on the whole base data per fold.
    /// The default is what cross-validation chose for the shipped toxicity model's winning member (plain, unweighted).
    /// </summary>
    public double L2 { get; init; } = 1;

    /// <summary>Folds over the site's labels; the base rows are in every fold's training data.</summary>
    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 20261128;

    public FeatureSettings Features { get; init; } = new();

    /// <summary>The out-of-fold precision (on the site's labels) the reject threshold must reach.</summary>
    public double RejectPrecision { get; init; } = 0.99;

    /// <summary>The L2 a task's site model uses by default: what the shipped model's winning member chose.</summary>
    public static double DefaultL2(string task) => task == "spam" ? 0.01 : 1;
}

/// <summary>Thrown when a site has too few labels of a class to train on; the message says how many more are needed.</summary>
public sealed class InsufficientLabelsException(string message) : ArgumentException(message);

/// <summary>
/// Trains a site's challenger model: the task's base data (every row weighing the same, as in the shipped model's
/// winning member) plus the site's moderator labels at a weight chosen by cross-validation over the site's labels
/// only — the base rows are in every fold's training data, and the score is the out-of-fold ROC AUC on the held-out
/// site labels. Calibration, thresholds and the training prior come from those out-of-fold site scores, so the
/// model's probabilities are about the site's comments: its training prior is the share of positives among the
/// site's labels, and the service corrects from it to the site's expected rate like for any model.
/// </summary>
public sealed class SiteModelTrainer
{
    public const string TrainerName = TextModelTrainer.TrainerName + "; base data plus site labels, site weight chosen out of fold on the site labels";

    private readonly string _task;
    private readonly List<LabelledText> _base;
    private readonly IReadOnlyList<string> _baseFiles;
    private readonly SiteTrainingOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string>? _progress;
    private readonly TextModelTrainer _trainer;
    private readonly Lazy<TextModelTrainer.Corpus> _baseCorpus;

    /// <param name="baseRows">The task's base data; the rows' own weights are replaced by 1.</param>
    /// <param name="baseFiles">The base files' names, recorded in the model's metadata.</param>
    public SiteModelTrainer(string task, IReadOnlyList<LabelledText> baseRows, IReadOnlyList<string> baseFiles, SiteTrainingOptions? options = null, TimeProvider? time = null, Action<string>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(baseRows);
        ArgumentNullException.ThrowIfNull(baseFiles);
        _task = task;
        _base = baseRows.Select(r => r with { Weight = 1, Source = BaseSource }).ToList();
        _baseFiles = baseFiles;
        _options = options ?? new SiteTrainingOptions();
        if (_options.SiteWeights.Count == 0 || _options.SiteWeights.Any(w => w <= 0))
        {
            throw new ArgumentException("Site weights must be positive, and at least one is needed.", nameof(options));
        }

        _time = time ?? TimeProvider.System;
        _progress = progress;
        _trainer = new TextModelTrainer(new TrainingOptions
        {
            Features = _options.Features,
            L2Candidates = [_options.L2],
            Folds = _options.Folds,
            Seed = _options.Seed,
            RejectPrecision = _options.RejectPrecision,
        });
        // Featurised once: the learning curve trains many site models on the same base.
        _baseCorpus = new Lazy<TextModelTrainer.Corpus>(() => _trainer.Prepare(_base));
    }

    private const string BaseSource = "base";
    private const string SiteSource = "site";

    /// <summary>After <see cref="Train"/>: the out-of-fold AUC on the site's labels of every candidate weight, in the order of the options.</summary>
    public IReadOnlyList<double> WeightAucs { get; private set; } = [];

    /// <summary>After <see cref="Train"/>: the chosen site weight.</summary>
    public double ChosenWeight { get; private set; }

    /// <summary>
    /// One label per id, the last one: a later decision on the same comment replaces an earlier one, and keeps
    /// its place in time (the position of the last).
    /// </summary>
    public static IReadOnlyList<LabelledText> Deduplicate(IReadOnlyList<LabelledText> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            last[labels[i].Id] = i;
        }

        return labels.Where((l, i) => last[l.Id] == i).ToList();
    }

    /// <summary>Refuses, with a message that says what is missing, when either class has fewer than the minimum labels.</summary>
    public static void EnsureEnough(IReadOnlyList<LabelledText> labels, int minimumPerClass)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var positives = labels.Count(l => l.Label);
        var negatives = labels.Count - positives;
        if (positives < minimumPerClass || negatives < minimumPerClass)
        {
            throw new InsufficientLabelsException(
                $"Not enough site labels to train on: {positives} positive and {negatives} negative, at least {minimumPerClass} of each are needed " +
                $"({Math.Max(0, minimumPerClass - positives)} more positive, {Math.Max(0, minimumPerClass - negatives)} more negative).");
        }
    }

    /// <summary>Trains the challenger on the base data and <paramref name="siteLabels"/> (deduplicated by id, last kept).</summary>
    public LinearTextModel Train(IReadOnlyList<LabelledText> siteLabels)
    {
        ArgumentNullException.ThrowIfNull(siteLabels);
        var site = Deduplicate(siteLabels).Select(r => r with { Weight = 1, Source = SiteSource }).ToList();
        EnsureEnough(site, _options.MinimumPerClass);
        if (site.Count(s => s.Label) < _options.Folds || site.Count(s => !s.Label) < _options.Folds)
        {
            throw new InsufficientLabelsException($"{_options.Folds} folds need at least {_options.Folds} site labels of each class.");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var baseCorpus = _baseCorpus.Value;
        var siteCorpus = _trainer.Prepare(site);
        var corpus = new TextModelTrainer.Corpus([.. baseCorpus.Hashes, .. siteCorpus.Hashes], [.. baseCorpus.Kinds, .. siteCorpus.Kinds]);
        var data = _base.Concat(site).ToList();
        var n = _base.Count;
        var siteLabelsArray = site.Select(s => s.Label).ToArray();
        var weights = _options.SiteWeights;
        _progress?.Invoke($"featurised {site.Count} site labels ({siteLabelsArray.Count(l => l)} positive) beside {n} base rows at {clock.Elapsed.TotalSeconds:0.0} s");

        // Folds over the site's labels; base rows train in every fold.
        var folds = TextModelTrainer.StratifiedFolds(siteLabelsArray, _options.Folds, _options.Seed);
        var oof = weights.Select(_ => new double[site.Count]).ToArray();
        for (var fold = 0; fold < _options.Folds; fold++)
        {
            var trainRows = Enumerable.Range(0, data.Count).Where(i => i < n || folds[i - n] != fold).ToArray();
            var testSite = Enumerable.Range(0, site.Count).Where(j => folds[j] == fold).ToArray();
            var vectorizer = new Vectorizer(_options.Features, _trainer.BuildVocabulary(corpus, trainRows));
            var rows = TextModelTrainer.ToRows(corpus, trainRows, data, vectorizer);
            var ws = vectorizer.CreateWorkspace();
            for (var c = 0; c < weights.Count; c++)
            {
                SetSiteWeight(rows, trainRows, n, weights[c]);
                var (w, bias) = _trainer.Fit(rows, vectorizer.Vocabulary.Count, _options.L2, null, ignoreWeights: false);
                foreach (var j in testSite)
                {
                    vectorizer.VectorizeHashes(corpus.Hashes[n + j], ws);
                    oof[c][j] = TextModelTrainer.Dot(w, bias, ws);
                }
            }

            _progress?.Invoke($"site fold {fold + 1}/{_options.Folds} done at {clock.Elapsed.TotalSeconds:0.0} s");
        }

        // The best out-of-fold AUC on site labels; within 0.0005 of it, the lightest weight (closest to the base model).
        WeightAucs = oof.Select(o => Metrics.RocAuc(o, siteLabelsArray)).ToList();
        var top = WeightAucs.Max();
        var chosen = Enumerable.Range(0, weights.Count).Where(c => WeightAucs[c] >= top - 0.0005).MinBy(c => weights[c]);
        ChosenWeight = weights[chosen];
        _progress?.Invoke("site weight: out-of-fold AUC on site labels by weight: " + string.Join(", ", weights.Select((w, c) => $"{w}: {WeightAucs[c]:0.0000}")) + $"; chose {ChosenWeight}");

        var siteOof = oof[chosen];
        var calibration = PlattFitter.Fit(siteOof, siteLabelsArray);
        var probabilities = siteOof.Select(calibration.Apply).ToArray();
        var hold = Metrics.BestF1Threshold(probabilities, siteLabelsArray);
        var reject = Math.Max(hold, Metrics.ThresholdForPrecision(probabilities, siteLabelsArray, _options.RejectPrecision));
        var crossValidation = EvaluationSummary.From($"{_options.Folds}-fold cross-validation on the site labels (base rows always in training)", probabilities, siteLabelsArray, hold);

        var all = Enumerable.Range(0, data.Count).ToArray();
        var finalVectorizer = new Vectorizer(_options.Features, _trainer.BuildVocabulary(corpus, all));
        var finalRows = TextModelTrainer.ToRows(corpus, all, data, finalVectorizer);
        SetSiteWeight(finalRows, all, n, ChosenWeight);
        var (finalWeights, finalBias) = _trainer.Fit(finalRows, finalVectorizer.Vocabulary.Count, _options.L2, null, ignoreWeights: false);
        _progress?.Invoke($"final site model: {finalVectorizer.Vocabulary.Count} features, trained at {clock.Elapsed.TotalSeconds:0.0} s");

        var trainerSettings = new TrainerSettings
        {
            L2Regularization = _options.L2,
            BalancedFiles = false,
            L2Candidates = [_options.L2],
            OptimizationTolerance = new TrainingOptions().OptimizationTolerance,
            MaximumIterations = new TrainingOptions().MaximumIterations,
            Folds = _options.Folds,
            Seed = _options.Seed,
        };
        var fingerprint = LabelledData.Fingerprint(data);
        var settingsHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { trainerSettings, _options.Features, siteWeight = ChosenWeight }, ModelFile.Json))));
        var (topPositive, topNegative) = _trainer.TopFeatures(data, finalVectorizer.Vocabulary, finalWeights, 25);
        var sitePositives = siteLabelsArray.Count(l => l);
        var metadata = new ModelMetadata
        {
            Task = _task,
            Version = $"{_task}-site-{fingerprint[..10]}-{settingsHash[..6]}",
            CreatedAt = _time.GetUtcNow(),
            TrainingDataSha256 = fingerprint,
            TrainingFiles = [.. _baseFiles.Select(Path.GetFileName).OfType<string>(), $"site labels ({site.Count}, weight {ChosenWeight:0.###})"],
            TrainingRows = data.Count,
            TrainingPositives = data.Count(d => d.Label),
            Trainer = TrainerName,
            TrainerSettings = trainerSettings,
            Features = _options.Features,
            VocabularySize = finalVectorizer.Vocabulary.Count,
            Calibration = calibration,
            Thresholds = new RecommendedThresholds(Math.Round(hold, 4), Math.Round(reject, 4), _options.RejectPrecision),
            // Calibrated on the site's labels, so the probabilities are at the labels' balance.
            TrainingPrior = Math.Round(sitePositives / (double)site.Count, 6),
            OperatingCurve = OperatingCurves.Build(probabilities, siteLabelsArray, site.Select(_ => 1f).ToArray()),
            CrossValidation = crossValidation,
            TopPositiveFeatures = topPositive,
            TopNegativeFeatures = topNegative,
        };
        return new LinearTextModel(metadata, finalVectorizer.Vocabulary, finalWeights, finalBias);
    }

    /// <summary>Rows from <paramref name="dataIndex"/> at or past <paramref name="baseCount"/> are site labels: they weigh <paramref name="weight"/>.</summary>
    private static void SetSiteWeight(List<TextModelTrainer.Row> rows, int[] dataIndex, int baseCount, double weight)
    {
        for (var k = 0; k < rows.Count; k++)
        {
            rows[k].Weight = dataIndex[k] >= baseCount ? (float)weight : 1f;
        }
    }
}
