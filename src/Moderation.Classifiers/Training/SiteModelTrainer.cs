using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Moderation.Classifiers.Calibration;
using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.Features;
using Moderation.Classifiers.ModelFiles;

namespace Moderation.Classifiers.Training;

/// <summary>How a site's challenger model is trained: the shipped model, corrected by the site's own labels.</summary>
public sealed record SiteTrainingOptions
{
    /// <summary>Fewer labels than this of either class and training refuses: a handful of decisions says nothing a model should act on.</summary>
    public int MinimumPerClass { get; init; } = 50;

    /// <summary>
    /// The L2 strengths the site's correction may get; cross-validation over the site's labels picks one. Strong: the
    /// challenger stays close to the base model; weak: the site's labels move it further.
    /// </summary>
    public IReadOnlyList<double> L2Candidates { get; init; } = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];

    /// <summary>Folds over the site's labels.</summary>
    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 20261128;

    /// <summary>The out-of-fold precision (on the site's labels) the reject threshold must reach.</summary>
    public double RejectPrecision { get; init; } = 0.99;
}

/// <summary>Thrown when a site has too few labels of a class to train on; the message says how many more are needed.</summary>
public sealed class InsufficientLabelsException(string message) : ArgumentException(message);

/// <summary>
/// Trains a site's challenger by correcting the base model (the shipped one) with the site's moderator labels: a
/// logistic regression over the base model's own features with the base model's logit as a fixed offset, fitted on
/// the site's labels alone (<see cref="OffsetLogisticRegression"/>). Its weights are added to the base model's, so
/// the challenger is one linear model over the same vocabulary, scored exactly as fast as the base. L2 on the
/// correction pulls the challenger towards the base model, not towards zero; its strength is chosen by
/// cross-validation over the site's labels (out-of-fold ROC AUC, then log loss). The base data is not needed, so a retrain costs
/// seconds of one thread rather than minutes of fits on the whole corpus. Calibration, thresholds and the training
/// prior come from the out-of-fold site scores, so the model's probabilities are about the site's comments; the
/// service corrects from that prior to the site's expected rate like for any model.
/// </summary>
/// <remarks>
/// A correction can only reweigh n-grams the base vocabulary has. With character n-grams up to five from some
/// 58,000 comments that covers nearly any word in pieces; a site's brand-new word is learnt from its pieces.
/// </remarks>
public sealed class SiteModelTrainer
{
    public const string TrainerName = "L-BFGS logistic regression with the base model's logit as offset: the base model corrected by the site labels, L2 towards the base chosen out of fold on the site labels";

    private readonly string _task;
    private readonly LinearTextModel _base;
    private readonly SiteTrainingOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string>? _progress;
    private readonly TextModelTrainer _trainer;

    /// <param name="baseModel">The model the site's labels correct: the shipped model of the task.</param>
    public SiteModelTrainer(string task, LinearTextModel baseModel, SiteTrainingOptions? options = null, TimeProvider? time = null, Action<string>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(baseModel);
        if (baseModel.Metadata.Task != task)
        {
            throw new ArgumentException($"The base model is a {baseModel.Metadata.Task} model, not {task}.", nameof(baseModel));
        }

        _task = task;
        _base = baseModel;
        _options = options ?? new SiteTrainingOptions();
        if (_options.L2Candidates.Count == 0 || _options.L2Candidates.Any(l => !(l > 0)))
        {
            throw new ArgumentException("L2 candidates must be positive, and at least one is needed.", nameof(options));
        }

        _time = time ?? TimeProvider.System;
        _progress = progress;
        // Only for featurising the site's labels as the base model does, and naming n-grams.
        _trainer = new TextModelTrainer(new TrainingOptions { Features = baseModel.Metadata.Features });
    }

    /// <summary>After <see cref="Train"/>: the out-of-fold AUC on the site's labels of every L2 candidate, in the order of the options.</summary>
    public IReadOnlyList<double> CandidateAucs { get; private set; } = [];

    /// <summary>After <see cref="Train"/>: the chosen L2 of the site's correction.</summary>
    public double ChosenL2 { get; private set; }

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

    /// <summary>Trains the challenger from the base model and <paramref name="siteLabels"/> (deduplicated by id, last kept).</summary>
    public LinearTextModel Train(IReadOnlyList<LabelledText> siteLabels)
    {
        ArgumentNullException.ThrowIfNull(siteLabels);
        var site = Deduplicate(siteLabels).Select(r => r with { Weight = 1 }).ToList();
        EnsureEnough(site, _options.MinimumPerClass);
        if (site.Count(s => s.Label) < _options.Folds || site.Count(s => !s.Label) < _options.Folds)
        {
            throw new InsufficientLabelsException($"{_options.Folds} folds need at least {_options.Folds} site labels of each class.");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var vocabulary = _base.Vocabulary;
        var rows = Rows(site);
        var labels = site.Select(s => s.Label).ToArray();
        var candidates = _options.L2Candidates;
        _progress?.Invoke($"featurised {site.Count} site labels ({labels.Count(l => l)} positive) over the base model's {vocabulary.Count} features at {clock.Elapsed.TotalSeconds:0.0} s");

        var folds = TextModelTrainer.StratifiedFolds(labels, _options.Folds, _options.Seed);
        var oof = candidates.Select(_ => new double[site.Count]).ToArray();
        for (var fold = 0; fold < _options.Folds; fold++)
        {
            var trainRows = Enumerable.Range(0, site.Count).Where(j => folds[j] != fold).Select(j => rows[j]).ToList();
            for (var c = 0; c < candidates.Count; c++)
            {
                var (w, b) = OffsetLogisticRegression.Fit(trainRows, vocabulary.Count, candidates[c]);
                for (var j = 0; j < site.Count; j++)
                {
                    if (folds[j] == fold)
                    {
                        oof[c][j] = rows[j].Offset + Dot(w, b, rows[j]);
                    }
                }
            }

            _progress?.Invoke($"site fold {fold + 1}/{_options.Folds} done at {clock.Elapsed.TotalSeconds:0.0} s");
        }

        // The best out-of-fold AUC on site labels; within 0.0005 of it (labels that every candidate ranks alike), the
        // lowest log loss: the correction that separates the site's classes most surely, which is what its thresholds act on.
        CandidateAucs = oof.Select(o => Metrics.RocAuc(o, labels)).ToList();
        var top = CandidateAucs.Max();
        var chosen = Enumerable.Range(0, candidates.Count).Where(c => CandidateAucs[c] >= top - 0.0005).MinBy(c => LogLoss(oof[c], labels));
        ChosenL2 = candidates[chosen];

        var siteOof = oof[chosen];
        var calibration = PlattFitter.Fit(siteOof, labels);
        var probabilities = siteOof.Select(calibration.Apply).ToArray();
        var hold = Metrics.BestF1Threshold(probabilities, labels);
        var reject = Math.Max(hold, Metrics.ThresholdForPrecision(probabilities, labels, _options.RejectPrecision));
        var crossValidation = EvaluationSummary.From($"{_options.Folds}-fold cross-validation on the site labels (a correction of {_base.Metadata.Version})", probabilities, labels, hold);

        var (correction, correctionBias) = OffsetLogisticRegression.Fit(rows, vocabulary.Count, ChosenL2);
        var weights = new float[vocabulary.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = _base.Weights[i] + correction[i];
        }

        var bias = _base.Bias + correctionBias;
        _progress?.Invoke("site correction: out-of-fold AUC on site labels by L2: " + string.Join(", ", candidates.Select((l, c) => $"{l}: {CandidateAucs[c]:0.0000}")) +
            $"; chose {ChosenL2}, trained at {clock.Elapsed.TotalSeconds:0.0} s");

        var trainerSettings = new TrainerSettings
        {
            L2Regularization = ChosenL2,
            BalancedFiles = false,
            L2Candidates = candidates,
            OptimizationTolerance = OffsetLogisticRegression.Tolerance,
            MaximumIterations = OffsetLogisticRegression.MaximumIterations,
            Folds = _options.Folds,
            Seed = _options.Seed,
        };
        // The challenger is a function of the base model and the site's labels: both are in its fingerprint.
        var fingerprint = Fingerprint(_base, site);
        var settingsHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { trainerSettings, baseVersion = _base.Metadata.Version }, ModelFile.Json))));
        // What the site taught: the correction's own largest weights (it is zero on n-grams the site's labels never show).
        var (topPositive, topNegative) = _trainer.TopFeatures(site, vocabulary, correction, 25);
        var sitePositives = labels.Count(l => l);
        var metadata = new ModelMetadata
        {
            Task = _task,
            Version = $"{_task}-site-{fingerprint[..10]}-{settingsHash[..6]}",
            CreatedAt = _time.GetUtcNow(),
            TrainingDataSha256 = fingerprint,
            TrainingFiles = [$"base model {_base.Metadata.Version}", $"site labels ({site.Count}, L2 {ChosenL2:0.###})"],
            TrainingRows = site.Count,
            TrainingPositives = sitePositives,
            Trainer = TrainerName,
            TrainerSettings = trainerSettings,
            Features = _base.Metadata.Features,
            VocabularySize = vocabulary.Count,
            Calibration = calibration,
            Thresholds = new RecommendedThresholds(Math.Round(hold, 4), Math.Round(reject, 4), _options.RejectPrecision),
            // Calibrated on the site's labels, so the probabilities are at the labels' balance.
            TrainingPrior = Math.Round(sitePositives / (double)site.Count, 6),
            OperatingCurve = OperatingCurves.Build(probabilities, labels, site.Select(_ => 1f).ToArray()),
            CrossValidation = crossValidation,
            TopPositiveFeatures = topPositive,
            TopNegativeFeatures = topNegative,
            WordVectors = _base.Metadata.WordVectors,
            FormatVersion = _base.Metadata.FormatVersion,
        };
        return new LinearTextModel(metadata, vocabulary, weights, bias, _base.WordVectors);
    }

    /// <summary>SHA-256 over the base model's version and the site's labels (as <see cref="LabelledData.Fingerprint"/> hashes rows).</summary>
    public static string Fingerprint(LinearTextModel baseModel, IReadOnlyList<LabelledText> siteLabels)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        var labels = LabelledData.Fingerprint(siteLabels);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(baseModel.Metadata.Version + "\n" + labels)));
    }

    /// <summary>The site's labels as rows over the base vocabulary, each with the base model's logit as its offset.</summary>
    private List<OffsetLogisticRegression.Row> Rows(List<LabelledText> site)
    {
        var vectorizer = new Vectorizer(_base.Metadata.Features, _base.Vocabulary);
        var corpus = _trainer.Prepare(site);
        var ws = vectorizer.CreateWorkspace();
        var rows = new List<OffsetLogisticRegression.Row>(site.Count);
        for (var j = 0; j < site.Count; j++)
        {
            vectorizer.VectorizeHashes(corpus.Hashes[j], ws);
            // The whole base logit, its word-vector part included: the correction is over the n-grams only.
            var logit = TextModelTrainer.Dot(_base.Weights, _base.Bias, ws) + _base.DenseLogit(Normalise.Text(site[j].Text));
            var indices = ws.Indices.AsSpan(0, ws.Length).ToArray();
            var values = ws.Values.AsSpan(0, ws.Length).ToArray();
            Array.Sort(indices, values);
            rows.Add(new OffsetLogisticRegression.Row(indices, values, logit, site[j].Label, 1));
        }

        return rows;
    }

    /// <summary>Mean logistic loss of logits against labels.</summary>
    private static double LogLoss(double[] logits, bool[] labels)
    {
        double sum = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            var margin = labels[i] ? logits[i] : -logits[i];
            sum += OffsetLogisticRegression.Loss(margin);
        }

        return sum / logits.Length;
    }

    private static double Dot(float[] weights, float bias, OffsetLogisticRegression.Row row)
    {
        double sum = bias;
        for (var k = 0; k < row.Indices.Length; k++)
        {
            sum += weights[row.Indices[k]] * row.Values[k];
        }

        return sum;
    }
}
