using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.Features;
using Moderation.Classifiers.ModelFiles;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Training;

/// <summary>
/// Trains a calibrated linear text model: n-gram TF-IDF features, ML.NET L-BFGS logistic regression
/// (single-threaded, so deterministic), the L2 strength chosen by stratified k-fold cross-validation on the
/// training data, Platt calibration fitted on the out-of-fold scores, and thresholds chosen on them too.
/// No test data is ever seen here.
/// </summary>
public sealed class TextModelTrainer(TrainingOptions options, TimeProvider? time = null, Action<string>? progress = null)
{
    public const string TrainerName = "ML.NET LbfgsLogisticRegression over TF-IDF word 1-2 + char 1-N n-grams, Platt-calibrated";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// After <see cref="Train"/>: each training row's logit from the fold model that did not see it, at the
    /// chosen L2. What a second stage must be trained on so that it does not learn from overfitted scores.
    /// </summary>
    public IReadOnlyList<double>? OutOfFoldLogits { get; private set; }

    public LinearTextModel Train(string task, IReadOnlyList<LabelledText> data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(data);
        var positives = data.Count(d => d.Label);
        if (positives < options.Folds || data.Count - positives < options.Folds)
        {
            throw new ArgumentException($"Training needs at least {options.Folds} positive and {options.Folds} negative rows; got {positives} and {data.Count - positives}.", nameof(data));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var corpus = Prepare(data);
        progress?.Invoke($"featurised {data.Count} rows in {clock.Elapsed.TotalSeconds:0.0} s");
        var labels = data.Select(d => d.Label).ToArray();

        // Out-of-fold logits for every candidate L2 strength.
        var folds = StratifiedFolds(labels, options.Folds, options.Seed);
        var oof = options.L2Candidates.Select(_ => new double[data.Count]).ToArray();
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var trainRows = Enumerable.Range(0, data.Count).Where(i => folds[i] != fold).ToArray();
            var testRows = Enumerable.Range(0, data.Count).Where(i => folds[i] == fold).ToArray();
            var vectorizer = new Vectorizer(options.Features, BuildVocabulary(corpus, trainRows));
            var rows = ToRows(corpus, trainRows, data, vectorizer);
            var ratios = NaiveBayesRatios(rows, vectorizer.Vocabulary.Count);
            for (var c = 0; c < options.L2Candidates.Count; c++)
            {
                var (weights, bias) = Fit(rows, vectorizer.Vocabulary.Count, options.L2Candidates[c], ratios);
                var ws = vectorizer.CreateWorkspace();
                foreach (var i in testRows)
                {
                    vectorizer.VectorizeHashes(corpus.Hashes[i], ws);
                    oof[c][i] = Dot(weights, bias, ws);
                }
            }

            progress?.Invoke($"fold {fold + 1}/{options.Folds} done at {clock.Elapsed.TotalSeconds:0.0} s");
        }

        var aucs = oof.Select(o => Metrics.RocAuc(o, labels)).ToArray();
        // Among candidates within 0.0005 AUC of the best, take the strongest regularisation: on an easily
        // separable corpus every L2 scores 1.0 out of fold, and the simpler model generalises better.
        var top = aucs.Max();
        var best = Enumerable.Range(0, aucs.Length).Where(c => aucs[c] >= top - 0.0005).MaxBy(c => options.L2Candidates[c]);

        var l2 = options.L2Candidates[best];
        progress?.Invoke("out-of-fold AUC by L2: " + string.Join(", ", options.L2Candidates.Select((v, c) => $"{v}: {aucs[c]:0.0000}")) + $"; chose {l2}");

        OutOfFoldLogits = oof[best];
        var calibration = PlattFitter.Fit(oof[best], labels);
        var probabilities = oof[best].Select(calibration.Apply).ToArray();
        var hold = Metrics.BestF1Threshold(probabilities, labels);
        var reject = Math.Max(hold, Metrics.ThresholdForPrecision(probabilities, labels, options.RejectPrecision));
        var crossValidation = EvaluationSummary.From($"{options.Folds}-fold cross-validation on the training data", probabilities, labels, hold);

        var all = Enumerable.Range(0, data.Count).ToArray();
        var finalVectorizer = new Vectorizer(options.Features, BuildVocabulary(corpus, all));
        var finalRows = ToRows(corpus, all, data, finalVectorizer);
        var (finalWeights, finalBias) = Fit(finalRows, finalVectorizer.Vocabulary.Count, l2, NaiveBayesRatios(finalRows, finalVectorizer.Vocabulary.Count));
        progress?.Invoke($"final model: {finalVectorizer.Vocabulary.Count} features, trained at {clock.Elapsed.TotalSeconds:0.0} s");

        var trainerSettings = new TrainerSettings
        {
            L2Regularization = l2,
            L1Regularization = options.L1Regularization,
            NaiveBayesScaling = options.NaiveBayesScaling,
            BalancedFiles = data.Any(d => d.Weight != 1),
            L2Candidates = options.L2Candidates,
            OptimizationTolerance = options.OptimizationTolerance,
            MaximumIterations = options.MaximumIterations,
            Folds = options.Folds,
            Seed = options.Seed,
        };
        var fingerprint = LabelledData.Fingerprint(data);
        var settingsHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { trainerSettings, options.Features }, ModelFile.Json))));
        var (topPositive, topNegative) = TopFeatures(data, finalVectorizer.Vocabulary, finalWeights, 25);
        var metadata = new ModelMetadata
        {
            Task = task,
            Version = $"{task}-{fingerprint[..10]}-{settingsHash[..6]}",
            CreatedAt = _time.GetUtcNow(),
            TrainingDataSha256 = fingerprint,
            TrainingFiles = options.SourceFiles.Select(Path.GetFileName).OfType<string>().ToList(),
            TrainingRows = data.Count,
            TrainingPositives = positives,
            Trainer = TrainerName,
            TrainerSettings = trainerSettings,
            Features = options.Features,
            VocabularySize = finalVectorizer.Vocabulary.Count,
            Calibration = calibration,
            Thresholds = new RecommendedThresholds(Math.Round(hold, 4), Math.Round(reject, 4), options.RejectPrecision),
            CrossValidation = crossValidation,
            TopPositiveFeatures = topPositive,
            TopNegativeFeatures = topNegative,
        };
        return new LinearTextModel(metadata, finalVectorizer.Vocabulary, finalWeights, finalBias);
    }

    private sealed record Corpus(ulong[][] Hashes, byte[][] Kinds);

    private Corpus Prepare(IReadOnlyList<LabelledText> data)
    {
        var hashes = new ulong[data.Count][];
        var kinds = new byte[data.Count][];
        var buffers = new NgramExtractor.Buffers();
        for (var i = 0; i < data.Count; i++)
        {
            NgramExtractor.Extract(Normalise.Text(data[i].Text), options.Features, buffers);
            var grams = buffers.Grams;
            hashes[i] = new ulong[grams.Count];
            kinds[i] = new byte[grams.Count];
            for (var g = 0; g < grams.Count; g++)
            {
                hashes[i][g] = grams[g].Hash;
                kinds[i][g] = (byte)grams[g].Kind;
            }
        }

        return new Corpus(hashes, kinds);
    }

    private Vocabulary BuildVocabulary(Corpus corpus, int[] rows)
    {
        var df = new Dictionary<ulong, (int Count, byte Kind)>();
        var seen = new HashSet<ulong>();
        foreach (var i in rows)
        {
            seen.Clear();
            var hashes = corpus.Hashes[i];
            for (var g = 0; g < hashes.Length; g++)
            {
                if (seen.Add(hashes[g]))
                {
                    df[hashes[g]] = (df.GetValueOrDefault(hashes[g]).Count + 1, corpus.Kinds[i][g]);
                }
            }
        }

        var kept = df.Where(kv => kv.Value.Count >= options.Features.MinDocumentFrequency)
            .OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key)
            .Take(options.Features.MaxFeatures)
            .OrderBy(kv => kv.Value.Kind == (byte)GramKind.Characters ? 0 : 1).ThenBy(kv => kv.Key)
            .ToArray();
        var n = rows.Length;
        return new Vocabulary(
            kept.Select(kv => kv.Key).ToArray(),
            kept.Select(kv => (float)(Math.Log((1.0 + n) / (1.0 + kv.Value.Count)) + 1)).ToArray(),
            kept.Count(kv => kv.Value.Kind == (byte)GramKind.Characters));
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public float Weight { get; set; }

        public VBuffer<float> Features { get; set; }
    }

    private static List<Row> ToRows(Corpus corpus, int[] rows, IReadOnlyList<LabelledText> data, Vectorizer vectorizer)
    {
        var result = new List<Row>(rows.Length);
        var ws = vectorizer.CreateWorkspace();
        foreach (var i in rows)
        {
            vectorizer.VectorizeHashes(corpus.Hashes[i], ws);
            var indices = ws.Indices.AsSpan(0, ws.Length).ToArray();
            var values = ws.Values.AsSpan(0, ws.Length).ToArray();
            Array.Sort(indices, values);
            result.Add(new Row { Label = data[i].Label, Weight = data[i].Weight, Features = new VBuffer<float>(vectorizer.Vocabulary.Count, ws.Length, values, indices) });
        }

        return result;
    }

    /// <summary>log((p/|p|₁)/(q/|q|₁)) with p, q the smoothed feature sums over positive and negative rows; null when off.</summary>
    private float[]? NaiveBayesRatios(List<Row> rows, int dimension)
    {
        if (!options.NaiveBayesScaling)
        {
            return null;
        }

        var p = new double[dimension];
        var q = new double[dimension];
        Array.Fill(p, 1.0);
        Array.Fill(q, 1.0);
        foreach (var row in rows)
        {
            var target = row.Label ? p : q;
            var features = row.Features;
            var indices = features.GetIndices();
            var values = features.GetValues();
            for (var k = 0; k < indices.Length; k++)
            {
                target[indices[k]] += values[k] * row.Weight;
            }
        }

        double sp = p.Sum(), sq = q.Sum();
        var ratios = new float[dimension];
        for (var j = 0; j < dimension; j++)
        {
            ratios[j] = (float)Math.Log(p[j] / sp / (q[j] / sq));
        }

        return ratios;
    }

    private (float[] Weights, float Bias) Fit(List<Row> rows, int dimension, double l2, float[]? ratios)
    {
        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var input = ratios is null ? rows : rows.Select(r => new Row { Label = r.Label, Weight = r.Weight, Features = Scale(r.Features, ratios) });
        var view = ml.Data.LoadFromEnumerable(input, schema);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            L2Regularization = (float)l2,
            L1Regularization = (float)options.L1Regularization,
            OptimizationTolerance = (float)options.OptimizationTolerance,
            MaximumNumberOfIterations = options.MaximumIterations,
            HistorySize = 20,
            NumberOfThreads = 1,
            ShowTrainingStatistics = false,
        });
        var linear = trainer.Fit(view).Model.SubModel;
        var weights = new float[dimension];
        var i = 0;
        foreach (var w in linear.Weights)
        {
            // A model trained on x∘r scores x with weights w∘r: fold the ratio in so scoring stays plain TF-IDF.
            weights[i] = ratios is null ? w : w * ratios[i];
            i++;
        }

        return (weights, linear.Bias);
    }

    private static VBuffer<float> Scale(VBuffer<float> features, float[] ratios)
    {
        var indices = features.GetIndices().ToArray();
        var values = features.GetValues().ToArray();
        for (var k = 0; k < indices.Length; k++)
        {
            values[k] *= ratios[indices[k]];
        }

        return new VBuffer<float>(features.Length, indices.Length, values, indices);
    }

    private static double Dot(float[] weights, float bias, Vectorizer.Workspace ws)
    {
        double sum = bias;
        for (var i = 0; i < ws.Length; i++)
        {
            sum += weights[ws.Indices[i]] * ws.Values[i];
        }

        return sum;
    }

    private (List<WeightedFeature> Positive, List<WeightedFeature> Negative) TopFeatures(IReadOnlyList<LabelledText> data, Vocabulary vocabulary, float[] weights, int count)
    {
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).ThenBy(i => i).ToArray();
        var positive = order.Take(count).ToArray();
        var negative = order.Reverse().Take(count).ToArray();
        var wanted = positive.Concat(negative).Select(i => vocabulary.Hashes[i]).ToHashSet();
        var names = new Dictionary<ulong, string>();
        var buffers = new NgramExtractor.Buffers();
        foreach (var row in data)
        {
            if (names.Count == wanted.Count)
            {
                break;
            }

            NgramExtractor.Extract(Normalise.Text(row.Text), options.Features, buffers);
            foreach (var gram in buffers.Grams)
            {
                if (wanted.Contains(gram.Hash) && !names.ContainsKey(gram.Hash))
                {
                    names[gram.Hash] = (gram.Kind == GramKind.Characters ? "chars:" : string.Empty) + NgramExtractor.NameOf(gram, buffers);
                }
            }
        }

        WeightedFeature Named(int i) => new(names.GetValueOrDefault(vocabulary.Hashes[i], "?"), Math.Round(weights[i], 4));
        return (positive.Select(Named).ToList(), negative.Select(Named).ToList());
    }

    /// <summary>Fold of each row: positives and negatives are shuffled (seeded) and dealt round-robin.</summary>
    internal static int[] StratifiedFolds(bool[] labels, int folds, int seed)
    {
        var random = new Random(seed);
        var result = new int[labels.Length];
        foreach (var label in new[] { true, false })
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToArray();
            random.Shuffle(rows);
            for (var k = 0; k < rows.Length; k++)
            {
                result[rows[k]] = k % folds;
            }
        }

        return result;
    }
}
