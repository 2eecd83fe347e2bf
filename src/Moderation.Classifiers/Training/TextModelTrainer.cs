using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Moderation.Classifiers.Calibration;
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

        foreach (var file in data.GroupBy(d => d.Source).Where(g => g.Key is not null && g.Select(d => d.Label).Distinct().Count() == 1))
        {
            progress?.Invoke($"{file.Key} holds only {(file.First().Label ? "positive" : "negative")} rows: it has no AUC of its own and does not count in the per-file selection score");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var corpus = Prepare(data);
        progress?.Invoke($"featurised {data.Count} rows in {clock.Elapsed.TotalSeconds:0.0} s");
        var labels = data.Select(d => d.Label).ToArray();
        var sources = data.Select(d => d.Source ?? string.Empty).ToArray();
        var weights = data.Select(d => d.Weight).ToArray();
        // The rows whose out-of-fold scores choose and calibrate (all, unless some sources are unscored).
        var scored = Enumerable.Range(0, data.Count).Where(i => !options.UnscoredSources.Contains(sources[i], StringComparer.Ordinal)).ToArray();
        if (scored.Length < data.Count)
        {
            progress?.Invoke($"trained on but not scored: {string.Join(", ", options.UnscoredSources)} ({data.Count - scored.Length} rows)");
        }

        var scoredLabels = scored.Select(i => labels[i]).ToArray();
        var scoredSources = scored.Select(i => sources[i]).ToArray();
        double Select(double[] scores) => SelectionAuc(scored.Select(i => scores[i]).ToArray(), scoredLabels, scoredSources);
        var members = Members(options, data);
        var l2s = options.L2Candidates;

        // Out-of-fold logits for every member and candidate L2 strength.
        var folds = options.GroupedFolds
            ? GroupedFolds(data.Select(d => GroupOf(d.Id)).ToArray(), labels, options.Folds, options.Seed)
            : StratifiedFolds(labels, options.Folds, options.Seed);
        var oof = members.Select(_ => l2s.Select(_ => new double[data.Count]).ToArray()).ToArray();
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var trainRows = Enumerable.Range(0, data.Count).Where(i => folds[i] != fold).ToArray();
            var testRows = Enumerable.Range(0, data.Count).Where(i => folds[i] == fold).ToArray();
            var vectorizer = new Vectorizer(options.Features, BuildVocabulary(corpus, trainRows));
            var rows = ToRows(corpus, trainRows, data, vectorizer);
            var ws = vectorizer.CreateWorkspace();
            for (var m = 0; m < members.Count; m++)
            {
                var memberRows = RowsFor(members[m], rows, trainRows, sources);
                var scale = MemberScale(members[m], memberRows, vectorizer.Vocabulary);
                for (var c = 0; c < l2s.Count; c++)
                {
                    var (w, bias) = Fit(memberRows, vectorizer.Vocabulary.Count, l2s[c], scale, members[m].IgnoreRowWeights);
                    foreach (var i in testRows)
                    {
                        vectorizer.VectorizeHashes(corpus.Hashes[i], ws);
                        oof[m][c][i] = Dot(w, bias, ws);
                    }
                }
            }

            progress?.Invoke($"fold {fold + 1}/{options.Folds} done at {clock.Elapsed.TotalSeconds:0.0} s");
        }

        // Each member's L2: the best out-of-fold AUC (per source file, averaged, when there are several). Among
        // candidates within 0.0005 of the best, take the strongest regularisation: on an easily separable corpus
        // every L2 scores 1.0 out of fold, and the simpler model generalises better.
        var chosen = new int[members.Count];
        var memberAucs = new double[members.Count];
        for (var m = 0; m < members.Count; m++)
        {
            var aucs = oof[m].Select(Select).ToArray();
            var top = aucs.Max();
            chosen[m] = Enumerable.Range(0, aucs.Length).Where(c => aucs[c] >= top - 0.0005).MaxBy(c => l2s[c]);
            memberAucs[m] = aucs[chosen[m]];
            progress?.Invoke($"{members[m].Name}: out-of-fold AUC by L2: " + string.Join(", ", l2s.Select((v, c) => $"{v}: {aucs[c]:0.0000}")) + $"; chose {l2s[chosen[m]]}");
        }

        var memberOof = Enumerable.Range(0, members.Count).Select(m => oof[m][chosen[m]]).ToArray();
        var bestMember = Array.IndexOf(memberAucs, memberAucs.Max());
        double[] OneHot() => Enumerable.Range(0, members.Count).Select(m => m == bestMember ? 1.0 : 0.0).ToArray();
        var (stackWeights, stackBias, stackedOof, stackL2) = members.Count == 1
            ? ([1.0], 0.0, memberOof[0], 0.0)
            : Stack(memberOof, labels, weights, folds, Select);
        if (members.Count > 1)
        {
            var stackAuc = Select(stackedOof);
            progress?.Invoke($"stack: out-of-fold AUC {stackAuc:0.0000} (best member {members[bestMember].Name} {memberAucs[bestMember]:0.0000}); weights " +
                string.Join(", ", members.Select((mm, m) => $"{mm.Name} {stackWeights[m]:0.###}")) + $", bias {stackBias:0.###}");
            // The stack has to earn its place out of fold; otherwise the best single member ships alone.
            if (stackAuc <= memberAucs[bestMember])
            {
                (stackWeights, stackBias, stackedOof, stackL2) = (OneHot(), 0.0, memberOof[bestMember], 0.0);
                progress?.Invoke($"the stack does not beat {members[bestMember].Name} out of fold: using {members[bestMember].Name} alone");
            }
        }

        WordVectorBlock? wordVectorBlock = null;
        WordVectorSettings? wordVectorSettings = null;
        var wordVectorBias = 0.0;
        if (options.WordVectors is { } table)
        {
            var memberL2s = Enumerable.Range(0, members.Count).Select(m => l2s[chosen[m]]).ToArray();
            (wordVectorBlock, wordVectorSettings, stackedOof, wordVectorBias) = FitWordVectors(
                table, data, stackedOof, source => HeldOutSourceLogits(source, corpus, data, sources, members, memberL2s, stackWeights, stackBias),
                labels, weights, sources, corpus.SourceIndex, scoredSources.Distinct().ToList(), folds);
        }

        OutOfFoldLogits = stackedOof;
        var scoredOof = scored.Select(i => stackedOof[i]).ToArray();
        var calibration = PlattFitter.Fit(scoredOof, scoredLabels);
        var probabilities = scoredOof.Select(calibration.Apply).ToArray();
        // Like the L2 choice, every source file counts equally: the threshold with the best mean per-file F1.
        var hold = Metrics.BestMeanF1Threshold(probabilities, scoredLabels, scoredSources);
        var reject = Math.Max(hold, Metrics.ThresholdForPrecision(probabilities, scoredLabels, options.RejectPrecision));
        var crossValidation = EvaluationSummary.From(
            $"{options.Folds}-fold cross-validation on the training data" + (scored.Length < data.Count ? $" (scored on {scored.Length} rows, not {string.Join(", ", options.UnscoredSources)})" : ""),
            probabilities, scoredLabels, hold);

        var all = Enumerable.Range(0, data.Count).ToArray();
        var finalVectorizer = new Vectorizer(options.Features, BuildVocabulary(corpus, all));
        var finalRows = ToRows(corpus, all, data, finalVectorizer);
        var finalWeights = new float[finalVectorizer.Vocabulary.Count];
        var finalBias = (float)(stackBias + wordVectorBias);
        for (var m = 0; m < members.Count; m++)
        {
            if (stackWeights[m] == 0)
            {
                continue;
            }

            var memberRows = RowsFor(members[m], finalRows, all, sources);
            var (w, bias) = Fit(memberRows, finalVectorizer.Vocabulary.Count, l2s[chosen[m]], MemberScale(members[m], memberRows, finalVectorizer.Vocabulary), members[m].IgnoreRowWeights);
            for (var j = 0; j < w.Length; j++)
            {
                finalWeights[j] += (float)(stackWeights[m] * w[j]);
            }

            finalBias += (float)(stackWeights[m] * bias);
        }

        progress?.Invoke($"final model: {finalVectorizer.Vocabulary.Count} features, trained at {clock.Elapsed.TotalSeconds:0.0} s");
        // For a stack, the member with the largest |weight| stands for the whole in the summary fields.
        var heaviest = Array.IndexOf(stackWeights, stackWeights.MaxBy(Math.Abs));
        var l2 = l2s[chosen[heaviest]];

        var trainerSettings = new TrainerSettings
        {
            L2Regularization = l2,
            L1Regularization = options.L1Regularization,
            NaiveBayesScaling = stackWeights.Count(w => w != 0) == 1 && members[heaviest].NaiveBayes,
            Ensemble = members.Count == 1 ? [] : members.Select((mm, m) => new MemberSettings(
                mm.Name, mm.NaiveBayes, mm.CharBlockScale, mm.WordBlockScale, mm.IgnoreRowWeights, l2s[chosen[m]], Math.Round(memberAucs[m], 6), Math.Round(stackWeights[m], 6))
            {
                OnlySource = mm.OnlySource,
            }).ToList(),
            StackBias = Math.Round(stackBias, 6),
            StackL2 = stackL2,
            BalancedFiles = data.Any(d => d.Weight != 1),
            L2Candidates = options.L2Candidates,
            UnscoredSources = options.UnscoredSources.Count > 0 ? options.UnscoredSources : null,
            SourceIntercepts = options.SourceIntercepts ? true : null,
            OptimizationTolerance = options.OptimizationTolerance,
            MaximumIterations = options.MaximumIterations,
            Folds = options.Folds,
            GroupedFolds = options.GroupedFolds,
            Seed = options.Seed,
        };
        var fingerprint = LabelledData.Fingerprint(data);
        // A model with word vectors also hashes them (so a new table is a new version); one without hashes as before.
        var settingsHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(wordVectorSettings is null
            ? JsonSerializer.Serialize(new { trainerSettings, options.Features }, ModelFile.Json)
            : JsonSerializer.Serialize(new { trainerSettings, options.Features, wordVectorSettings }, ModelFile.Json))));
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
            Trainer = members.Count == 1 ? TrainerName
                : stackWeights.Count(w => w != 0) == 1 ? $"{TrainerName}; member {members[bestMember].Name}, which beat the stack of {members.Count} out of fold"
                : $"{TrainerName}; stack of {members.Count}: {string.Join(", ", members.Select(mm => mm.Name))}",
            TrainerSettings = trainerSettings,
            Features = options.Features,
            VocabularySize = finalVectorizer.Vocabulary.Count,
            Calibration = calibration,
            Thresholds = new RecommendedThresholds(Math.Round(hold, 4), Math.Round(reject, 4), options.RejectPrecision),
            TrainingPrior = Math.Round(scoredLabels.Count(l => l) / (double)scored.Length, 6),
            OperatingCurve = OperatingCurves.Build(probabilities, scoredLabels, scored.Select(i => weights[i]).ToArray()),
            CrossValidation = crossValidation,
            TopPositiveFeatures = topPositive,
            TopNegativeFeatures = topNegative,
            FormatVersion = wordVectorBlock is null ? 1 : ModelFile.WordVectorFormatVersion,
            WordVectors = wordVectorSettings,
        };
        return new LinearTextModel(metadata, finalVectorizer.Vocabulary, finalWeights, finalBias, wordVectorBlock);
    }

    /// <summary>
    /// The members to train. When every row weighs the same, "unweighted" changes nothing, so members that
    /// differ only by it are trained once.
    /// </summary>
    private static List<EnsembleMember> Members(TrainingOptions options, IReadOnlyList<LabelledText> data)
    {
        if (options.Members.Count == 0)
        {
            return [new EnsembleMember("plain") { NaiveBayes = options.NaiveBayesScaling }];
        }

        // A per-file member becomes one member per source file; with a single file it is an ordinary member.
        var files = data.Select(d => d.Source ?? string.Empty).Distinct().Order(StringComparer.Ordinal).ToArray();
        var members = options.Members.SelectMany(m => !m.PerFile ? [m]
            : files.Length < 2 ? [m with { PerFile = false }]
            : files.Select(f => m with { Name = $"{m.Name}@{f}", PerFile = false, OnlySource = f, IgnoreRowWeights = true })).ToList();
        if (data.Any(d => d.Weight != 1))
        {
            return members;
        }

        return members
            .Select(m => m with { IgnoreRowWeights = false })
            .DistinctBy(m => (m.NaiveBayes, m.CharBlockScale, m.WordBlockScale, m.OnlySource))
            .ToList();
    }

    /// <summary>The rows a member trains on: all, or those of its one source file. <paramref name="dataIndex"/> maps rows to data.</summary>
    private static List<Row> RowsFor(EnsembleMember member, List<Row> rows, int[] dataIndex, string[] sources) =>
        member.OnlySource is null ? rows : rows.Where((_, k) => sources[dataIndex[k]] == member.OnlySource).ToList();

    /// <summary>Each row's n-gram hashes and kinds, and the index of its source file among the data's files (in ordinal order).</summary>
    internal sealed record Corpus(ulong[][] Hashes, byte[][] Kinds, int[] SourceIndex);

    internal Corpus Prepare(IReadOnlyList<LabelledText> data)
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

        var files = data.Select(d => d.Source ?? string.Empty).Distinct().Order(StringComparer.Ordinal).ToList();
        return new Corpus(hashes, kinds, data.Select(d => files.IndexOf(d.Source ?? string.Empty)).ToArray());
    }

    internal Vocabulary BuildVocabulary(Corpus corpus, int[] rows)
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

    internal sealed class Row
    {
        public bool Label { get; set; }

        public float Weight { get; set; }

        public VBuffer<float> Features { get; set; }

        /// <summary>The row's source file (its index among the data's files), or -1 for none: which intercept it gets while fitting.</summary>
        [NoColumn]
        public int Source { get; set; } = -1;
    }

    internal static List<Row> ToRows(Corpus corpus, int[] rows, IReadOnlyList<LabelledText> data, Vectorizer vectorizer)
    {
        var result = new List<Row>(rows.Length);
        var ws = vectorizer.CreateWorkspace();
        foreach (var i in rows)
        {
            vectorizer.VectorizeHashes(corpus.Hashes[i], ws);
            var indices = ws.Indices.AsSpan(0, ws.Length).ToArray();
            var values = ws.Values.AsSpan(0, ws.Length).ToArray();
            Array.Sort(indices, values);
            result.Add(new Row { Label = data[i].Label, Weight = data[i].Weight, Features = new VBuffer<float>(vectorizer.Vocabulary.Count, ws.Length, values, indices), Source = corpus.SourceIndex[i] });
        }

        return result;
    }

    /// <summary>
    /// The per-feature scale a member trains with, or null for none: the naive-Bayes log-count ratio
    /// log((p/|p|₁)/(q/|q|₁)), with p, q the smoothed feature sums over positive and negative rows, times the block scale.
    /// </summary>
    private static float[]? MemberScale(EnsembleMember member, List<Row> rows, Vocabulary vocabulary)
    {
        var dimension = vocabulary.Count;
        if (!member.NaiveBayes && member.CharBlockScale == 1 && member.WordBlockScale == 1)
        {
            return null;
        }

        var ratios = new float[dimension];
        if (member.NaiveBayes)
        {
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
                var weight = member.IgnoreRowWeights ? 1 : row.Weight;
                for (var k = 0; k < indices.Length; k++)
                {
                    target[indices[k]] += values[k] * weight;
                }
            }

            double sp = p.Sum(), sq = q.Sum();
            for (var j = 0; j < dimension; j++)
            {
                ratios[j] = (float)Math.Log(p[j] / sp / (q[j] / sq));
            }
        }
        else
        {
            Array.Fill(ratios, 1f);
        }

        for (var j = 0; j < dimension; j++)
        {
            ratios[j] *= (float)(j < vocabulary.CharCount ? member.CharBlockScale : member.WordBlockScale);
        }

        return ratios;
    }

    /// <summary>
    /// A logistic regression on the members' out-of-fold logits, itself scored out of fold on the same folds
    /// (so the stacked figures and the calibration fitted on them are not in-sample), then refitted on all rows.
    /// Its L2 is chosen among <see cref="StackerL2"/> by that out-of-fold score: members are strongly correlated,
    /// and a light L2 lets their weights grow in opposite directions.
    /// </summary>
    private (double[] Weights, double Bias, double[] OutOfFold, double L2) Stack(double[][] memberOof, bool[] labels, float[] rowWeights, int[] folds, Func<double[], double> select)
    {
        var k = memberOof.Length;
        var rows = Enumerable.Range(0, labels.Length).Select(i => new Row
        {
            Label = labels[i],
            Weight = rowWeights[i],
            Features = new VBuffer<float>(k, memberOof.Select(o => (float)o[i]).ToArray()),
        }).ToList();
        (double[] OutOfFold, double Auc, double L2) best = ([], double.NegativeInfinity, 0);
        foreach (var l2 in StackerL2)
        {
            var stacked = new double[labels.Length];
            for (var fold = 0; fold < options.Folds; fold++)
            {
                var train = rows.Where((_, i) => folds[i] != fold).ToList();
                var (w, b) = Fit(train, k, l2, null, ignoreWeights: false);
                for (var i = 0; i < labels.Length; i++)
                {
                    if (folds[i] == fold)
                    {
                        stacked[i] = b + Enumerable.Range(0, k).Sum(m => w[m] * memberOof[m][i]);
                    }
                }
            }

            // Ties (within 0.0001) go to the stronger L2, which is tried later.
            var auc = select(stacked);
            progress?.Invoke($"stacker L2 {l2}: out-of-fold AUC {auc:0.0000}");
            if (auc >= best.Auc - 0.0001)
            {
                best = (stacked, Math.Max(auc, best.Auc), l2);
            }
        }

        var (weights, bias) = Fit(rows, k, best.L2, null, ignoreWeights: false);
        return (weights.Select(w => (double)w).ToArray(), bias, best.OutOfFold, best.L2);
    }

    /// <summary>
    /// The word-vector block: a logistic regression on each row's comment vector with the n-gram model's logit as a
    /// fixed offset, so it learns only what the n-grams miss (a word they never saw that means what words they did).
    /// It exists to carry the model to comments unlike its training data, so it is judged that way: each scored source
    /// file in turn is held out, the n-gram model is refitted without it, the block is fitted on the other files (with
    /// their out-of-fold logits as offsets) and both are scored on the held-out file. The block's L2 is chosen by the
    /// mean of those per-file AUCs (within 0.0005 of the best, the strongest), and it is kept only if that mean beats
    /// the n-grams' alone. While fitting, each source file has an intercept of its own, dropped when scoring: otherwise
    /// the block learns which file a comment looks like it came from, and files differ in their share of positives.
    /// Returns the block, its settings, the out-of-fold logits with it (what calibration and thresholds are fitted
    /// on, from the same folds as the n-grams') and the bias it adds.
    /// </summary>
    private (WordVectorBlock? Block, WordVectorSettings? Settings, double[] OutOfFold, double Bias) FitWordVectors(
        WordVectors table, IReadOnlyList<LabelledText> data, double[] oof, Func<string, double[]> heldOutLogits, bool[] labels, float[] rowWeights,
        string[] sources, int[] sourceIndex, IReadOnlyList<string> scoredSources, int[] folds)
    {
        var heldOut = scoredSources.Where(s => Enumerable.Range(0, data.Count).Where(i => sources[i] == s).Select(i => labels[i]).Distinct().Count() == 2).ToList();
        if (heldOut.Count < 2)
        {
            progress?.Invoke("word vectors: left out, because fewer than two scored source files hold both classes (one file cannot show whether they generalise)");
            return (null, null, oof, 0);
        }

        var width = table.Dimensions + sourceIndex.Max() + 1;
        var embeddings = data.Select(d => table.Embed(Normalise.Text(d.Text))).ToArray();
        var rows = data.Select((_, i) => new OffsetLogisticRegression.Row(
            [.. Enumerable.Range(0, table.Dimensions), table.Dimensions + sourceIndex[i]], [.. embeddings[i], 1f], oof[i], labels[i], rowWeights[i])).ToList();
        double Score(float[] w, float b, int i, double offset) => offset + b + WordVectorBlock.Dot(w, embeddings[i]);

        var without = new double[heldOut.Count];
        var with = WordVectorL2.Select(_ => new double[heldOut.Count]).ToArray();
        for (var f = 0; f < heldOut.Count; f++)
        {
            var logits = heldOutLogits(heldOut[f]);
            var inFile = Enumerable.Range(0, data.Count).Where(i => sources[i] == heldOut[f]).ToArray();
            var fileLabels = inFile.Select(i => labels[i]).ToArray();
            without[f] = Metrics.RocAuc(inFile.Select(i => logits[i]).ToArray(), fileLabels);
            var training = rows.Where((_, i) => sources[i] != heldOut[f]).ToList();
            for (var c = 0; c < WordVectorL2.Length; c++)
            {
                var (w, b) = OffsetLogisticRegression.Fit(training, width, WordVectorL2[c]);
                with[c][f] = Metrics.RocAuc(inFile.Select(i => Score(w, b, i, logits[i])).ToArray(), fileLabels);
            }

            progress?.Invoke($"word vectors, {heldOut[f]} held out: n-grams {without[f]:0.0000}; with word vectors by L2 " +
                string.Join(", ", WordVectorL2.Select((l2, c) => $"{l2}: {with[c][f]:0.0000}")));
        }

        var aucs = with.Select(a => a.Average()).ToArray();
        var chosen = Enumerable.Range(0, aucs.Length).Where(c => aucs[c] >= aucs.Max() - 0.0005).MaxBy(c => WordVectorL2[c]);
        progress?.Invoke($"word vectors ({table.Count} words × {table.Dimensions}): mean AUC on held-out files {aucs[chosen]:0.0000} at L2 {WordVectorL2[chosen]}, n-grams alone {without.Average():0.0000}");
        if (aucs[chosen] <= without.Average())
        {
            progress?.Invoke("the word vectors do not beat the n-grams alone on held-out files: left out");
            return (null, null, oof, 0);
        }

        var l2 = WordVectorL2[chosen];
        var corrected = new double[data.Count];
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var (w, b) = OffsetLogisticRegression.Fit(rows.Where((_, i) => folds[i] != fold).ToList(), width, l2);
            for (var i = 0; i < data.Count; i++)
            {
                if (folds[i] == fold)
                {
                    corrected[i] = Score(w, b, i, oof[i]);
                }
            }
        }

        var (weights, bias) = OffsetLogisticRegression.Fit(rows, width, l2);
        var settings = new WordVectorSettings(table.Source, table.Count, table.Dimensions, table.Sha256, l2, heldOut, Math.Round(without.Average(), 6), Math.Round(aucs[chosen], 6));
        return (new WordVectorBlock(table, weights[..table.Dimensions]), settings, corrected, bias);
    }

    /// <summary>
    /// Logits of the rows of <paramref name="heldOut"/> from the final configuration (its members, L2s and stack weights)
    /// refitted on every other row; zero elsewhere. A member trained on one file alone counts nothing for its own file.
    /// </summary>
    private double[] HeldOutSourceLogits(string heldOut, Corpus corpus, IReadOnlyList<LabelledText> data, string[] sources, List<EnsembleMember> members, double[] memberL2s, double[] stackWeights, double stackBias)
    {
        var train = Enumerable.Range(0, data.Count).Where(i => sources[i] != heldOut).ToArray();
        var test = Enumerable.Range(0, data.Count).Where(i => sources[i] == heldOut).ToArray();
        var vectorizer = new Vectorizer(options.Features, BuildVocabulary(corpus, train));
        var rows = ToRows(corpus, train, data, vectorizer);
        var ws = vectorizer.CreateWorkspace();
        var logits = new double[data.Count];
        foreach (var i in test)
        {
            logits[i] = stackBias;
        }

        for (var m = 0; m < members.Count; m++)
        {
            if (stackWeights[m] == 0 || members[m].OnlySource == heldOut)
            {
                continue;
            }

            var memberRows = RowsFor(members[m], rows, train, sources);
            var (w, bias) = Fit(memberRows, vectorizer.Vocabulary.Count, memberL2s[m], MemberScale(members[m], memberRows, vectorizer.Vocabulary), members[m].IgnoreRowWeights);
            foreach (var i in test)
            {
                vectorizer.VectorizeHashes(corpus.Hashes[i], ws);
                logits[i] += stackWeights[m] * Dot(w, bias, ws);
            }
        }

        progress?.Invoke($"n-grams refitted without {heldOut}");
        return logits;
    }

    /// <summary>The word-vector block's L2 candidates: a few hundred weights, tens of thousands of rows.</summary>
    private static readonly double[] WordVectorL2 = [1, 10, 100];

    /// <summary>The stacker's L2 candidates: it has one weight per member and thousands of rows.</summary>
    private static readonly double[] StackerL2 = [1e-3, 1e-2, 1e-1];

    /// <summary>
    /// The ROC AUC that chooses among candidates: with several source files, the mean of the per-file out-of-fold
    /// AUCs, so the largest file does not decide alone. A file that holds one class only has no AUC and does not
    /// count; when no file holds both classes, the pooled AUC.
    /// </summary>
    internal static double SelectionAuc(IReadOnlyList<double> scores, bool[] labels, string[] sources)
    {
        var groups = sources.Distinct().ToArray();
        var aucs = groups.Length < 2 ? [] : groups
            .Select(g =>
            {
                var rows = Enumerable.Range(0, labels.Length).Where(i => sources[i] == g).ToArray();
                return Metrics.RocAuc(rows.Select(i => scores[i]).ToArray(), rows.Select(i => labels[i]).ToArray());
            })
            .Where(auc => !double.IsNaN(auc))
            .ToArray();
        return aucs.Length > 0 ? aucs.Average() : Metrics.RocAuc(scores, labels);
    }

    internal (float[] Weights, float Bias) Fit(List<Row> rows, int dimension, double l2, float[]? ratios, bool ignoreWeights)
    {
        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        var intercepts = options.SourceIntercepts && rows.Any(r => r.Source >= 0) ? rows.Max(r => r.Source) + 1 : 0;
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension + intercepts);
        var input = ratios is null && !ignoreWeights && intercepts == 0 ? rows : rows.Select(r => new Row
        {
            Label = r.Label,
            Weight = ignoreWeights ? 1 : r.Weight,
            Features = WithIntercept(ratios is null ? r.Features : Scale(r.Features, ratios), intercepts == 0 ? -1 : dimension + r.Source, dimension + intercepts),
        });
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
        foreach (var w in linear.Weights.Take(dimension))
        {
            // A model trained on x∘r scores x with weights w∘r: fold the ratio in so scoring stays plain TF-IDF.
            weights[i] = ratios is null ? w : w * ratios[i];
            i++;
        }

        return (weights, linear.Bias);
    }

    private static VBuffer<float> WithIntercept(VBuffer<float> features, int index, int length)
    {
        if (index < 0)
        {
            return features;
        }

        var indices = features.GetIndices();
        var values = features.GetValues();
        return new VBuffer<float>(length, indices.Length + 1, [.. values, 1f], [.. indices, index]);
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

    internal static double Dot(float[] weights, float bias, Vectorizer.Workspace ws)
    {
        double sum = bias;
        for (var i = 0; i < ws.Length; i++)
        {
            sum += weights[ws.Indices[i]] * ws.Values[i];
        }

        return sum;
    }

    internal (List<WeightedFeature> Positive, List<WeightedFeature> Negative) TopFeatures(IReadOnlyList<LabelledText> data, Vocabulary vocabulary, float[] weights, int count)
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

    /// <summary>
    /// The id up to its first ':' when it has one ("psy:z13…" → "psy", a source such as a video); otherwise, for an id
    /// of three or more '-'-separated parts, up to its last '-' ("s-spam_seo-0042" → "s-spam_seo", a corpus category;
    /// "toxigen-hate_asian-0" → "toxigen-hate_asian", an identity group). Any other id ("civil-239607", "sms0042")
    /// is its own group: a file prefix is not a group, or one fold would hold a whole file.
    /// </summary>
    internal static string GroupOf(string id)
    {
        if (id.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
        {
            return id[..colon];
        }

        var last = id.LastIndexOf('-');
        return last > 0 && id.LastIndexOf('-', last - 1) > 0 ? id[..last] : id;
    }

    /// <summary>
    /// Fold of each row with every group whole: groups of mostly positive and of mostly negative rows are
    /// shuffled (seeded) apart, then each goes to the fold that has the fewest rows of its kind so far.
    /// </summary>
    internal static int[] GroupedFolds(string[] groups, bool[] labels, int folds, int seed)
    {
        var random = new Random(seed);
        var byGroup = Enumerable.Range(0, groups.Length).GroupBy(i => groups[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        if (byGroup.Length < folds)
        {
            throw new ArgumentException($"Grouped folds need at least {folds} groups of rows; got {byGroup.Length}.");
        }

        var result = new int[groups.Length];
        foreach (var positive in new[] { true, false })
        {
            var kind = byGroup.Where(g => (g.Count(i => labels[i]) * 2 >= g.Count()) == positive).ToArray();
            random.Shuffle(kind);
            var size = new int[folds];
            foreach (var group in kind)
            {
                var fold = Array.IndexOf(size, size.Min());
                foreach (var i in group)
                {
                    result[i] = fold;
                }

                size[fold] += group.Count();
            }
        }

        return result;
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
