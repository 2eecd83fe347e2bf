using BenchmarkDotNet.Attributes;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Scoring;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Benchmarks;

/// <summary>
/// Scoring cost of the first-stage models: one comment single-threaded (the hot-path budget is 50 µs for
/// spam and toxicity together), and throughput over a batch of corpus comments, one and two threads.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int BatchSize = 1000;

    // A typical news comment (about 170 characters) and an abusive one that gets an explanation.
    internal const string Typical = "I think the council budget is being rushed through. The last time they tried this it took three years, and nobody asked the people who actually use the buses.";
    private const string Abusive = "@Dave you are a brainless idiot, nobody wants you here. Go away.";

    private LinearTextModel _spam = null!;
    private LinearTextModel _toxicity = null!;
    private ModelClassifier _spamClassifier = null!;
    private ModelClassifier _toxicityClassifier = null!;
    private static readonly Core.Classification.ScoringContext Site = new("bench", Core.Sites.ExpectedRateSettings.Default);

    private NormalizedText _typical = null!;
    private NormalizedText _abusive = null!;
    private NormalizedText[] _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _spam = ModelFile.Load(ModelPath("spam"));
        _toxicity = ModelFile.Load(ModelPath("toxicity"));
        _spamClassifier = new ModelClassifier(ClassifierOptions.Default("spam") with { Watch = false, PollInterval = TimeSpan.Zero });
        _toxicityClassifier = new ModelClassifier(ClassifierOptions.Default("toxicity") with { Watch = false, PollInterval = TimeSpan.Zero });
        _typical = TextNormalizer.Normalize(Typical);
        _abusive = TextNormalizer.Normalize(Abusive);
        _batch = LabelledData.Read(Path.Combine(AppContext.BaseDirectory, "Corpus", "toxicity.tsv"))
            .Take(BatchSize).Select(r => TextNormalizer.Normalize(r.Text)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _spamClassifier.Dispose();
        _toxicityClassifier.Dispose();
    }

    /// <summary>Both probabilities for one normalised comment: the first-stage model cost.</summary>
    [Benchmark(Baseline = true)]
    public double BothModels_TypicalComment() => _spam.Probability(_typical) + _toxicity.Probability(_typical);

    /// <summary>What the pipeline pays per comment: normalisation plus both models.</summary>
    [Benchmark]
    public double NormaliseAndBothModels_TypicalComment()
    {
        var text = TextNormalizer.Normalize(Typical);
        return _spam.Probability(text) + _toxicity.Probability(text);
    }

    /// <summary>Through IClassifier, as the pipeline calls it: an abusive comment also gets its explanation.</summary>
    [Benchmark]
    public int BothClassifiers_AbusiveCommentWithExplanation() =>
        _spamClassifier.Score(_abusive, Site)!.Explanation.Count + _toxicityClassifier.Score(_abusive, Site)!.Explanation.Count;

    /// <summary>Batch of corpus comments, both models, one thread; reported per comment.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public double Batch_OneThread_PerComment()
    {
        double sum = 0;
        foreach (var text in _batch)
        {
            sum += _spam.Probability(text) + _toxicity.Probability(text);
        }

        return sum;
    }

    /// <summary>Batch of corpus comments, both models, two threads sharing the models; reported per comment.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public void Batch_TwoThreads_PerComment() =>
        Parallel.For(0, _batch.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            _ = _spam.Probability(_batch[i]) + _toxicity.Probability(_batch[i]);
        });

    internal static string ModelPath(string task) => Path.Combine(AppContext.BaseDirectory, "Models", task + ".zip");
}
