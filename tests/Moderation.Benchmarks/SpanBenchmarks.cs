using BenchmarkDotNet.Attributes;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Spans;
using Moderation.Core.Normalisation;

namespace Moderation.Benchmarks;

/// <summary>
/// The span step: which words of a comment with a Toxic reason become its evidence. It runs only for such
/// comments, after the first stage, so it is measured apart from the 50 µs first-stage budget; the toxicity
/// model's own explanation, which it replaces as evidence, is measured beside it.
/// </summary>
[MemoryDiagnoser]
public class SpanBenchmarks
{
    // About the length of an average SemEval 2021 Task 5 post (200 characters), and a short one.
    internal const string Long = "Honestly, the councillor who wrote this is a pathetic clown. Anyone with half a brain can see the numbers do not add up, and only a complete idiot would keep defending him after last week.";
    private const string Short = "@Dave you are a brainless idiot, nobody wants you here. Go away.";

    private SpanModel _spans = null!;
    private LinearTextModel _toxicity = null!;
    private NormalizedText _long = null!;
    private NormalizedText _short = null!;

    [GlobalSetup]
    public void Setup()
    {
        _spans = SpanModelFile.Load(ScoringBenchmarks.ModelPath(SpanModelFile.Task));
        _toxicity = ModelFile.Load(ScoringBenchmarks.ModelPath("toxicity"));
        _long = TextNormalizer.Normalize(Long);
        _short = TextNormalizer.Normalize(Short);
    }

    [Benchmark(Baseline = true)]
    public int SpanEvidence_200Chars() => _spans.Evidence(_long).Count;

    [Benchmark]
    public int SpanEvidence_64Chars() => _spans.Evidence(_short).Count;

    /// <summary>The evidence before the span model: the toxicity model's top five contributions.</summary>
    [Benchmark]
    public int LinearExplanation_200Chars() => _toxicity.Explain(_long).Count;
}
