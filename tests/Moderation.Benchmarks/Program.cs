using BenchmarkDotNet.Running;
using Moderation.Benchmarks;
using Moderation.Classifiers.ModelFiles;

// "memory": how much managed heap the two loaded default models retain (not a BenchmarkDotNet job,
// which measures allocations per operation, not what stays resident).
if (args is ["memory"])
{
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var spam = ModelFile.Load(ScoringBenchmarks.ModelPath("spam"));
    var toxicity = ModelFile.Load(ScoringBenchmarks.ModelPath("toxicity"));
    var loaded = GC.GetTotalMemory(forceFullCollection: true);
    // Scoring rents one workspace per concurrent caller (a float per feature), so add one each.
    spam.Probability(Moderation.Core.Normalisation.TextNormalizer.Normalize("warm up"));
    toxicity.Probability(Moderation.Core.Normalisation.TextNormalizer.Normalize("warm up"));
    var scored = GC.GetTotalMemory(forceFullCollection: true);
    Console.WriteLine($"spam: {spam.Metadata.VocabularySize} features, toxicity: {toxicity.Metadata.VocabularySize} features");
    Console.WriteLine($"both models loaded: {(loaded - before) / 1024.0 / 1024.0:0.0} MiB managed heap; plus one scoring workspace each: {(scored - before) / 1024.0 / 1024.0:0.0} MiB");
    GC.KeepAlive(spam);
    GC.KeepAlive(toxicity);
    return;
}

// "cpu": per-comment cost as process CPU time as well as wall time. On a shared, oversubscribed machine
// wall time mostly measures waiting for a core; CPU time is what the scoring itself costs.
if (args is ["cpu"])
{
    var spam = ModelFile.Load(ScoringBenchmarks.ModelPath("spam"));
    var toxicity = ModelFile.Load(ScoringBenchmarks.ModelPath("toxicity"));
    var texts = Moderation.Classifiers.Training.LabelledData.Read(Path.Combine(AppContext.BaseDirectory, "Corpus", "toxicity.tsv"))
        .Take(2000).Select(r => Moderation.Core.Normalisation.TextNormalizer.Normalize(r.Text)).ToArray();
    var typical = Moderation.Core.Normalisation.TextNormalizer.Normalize(ScoringBenchmarks.Typical);
    double sink = 0;
    for (var warm = 0; warm < 3; warm++)
    {
        foreach (var t in texts)
        {
            sink += spam.Probability(t) + toxicity.Probability(t);
        }
    }

    var process = System.Diagnostics.Process.GetCurrentProcess();
    void Measure(string name, int count, Action one)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            one();
        }

        var wall = clock.Elapsed.TotalMicroseconds / count;
        process.Refresh();
        Console.WriteLine($"{name}: {(process.TotalProcessorTime - cpu).TotalMicroseconds / count:0.0} µs CPU, {wall:0.0} µs wall per comment");
    }

    Measure("both models, typical 160-char comment", 20_000, () => sink += spam.Probability(typical) + toxicity.Probability(typical));
    var k = 0;
    Measure($"both models, corpus comments (mean {texts.Average(t => t.Original.Length):0} chars)", 20_000, () => { var t = texts[k++ % texts.Length]; sink += spam.Probability(t) + toxicity.Probability(t); });
    // Beside the broker and the database the model tables do not stay in cache: what scoring costs
    // when every comment finds them evicted (a 64 MiB sweep before each; only the scoring is timed).
    var sweep = new byte[64 << 20];
    var cold = TimeSpan.Zero;
    const int coldCount = 2_000;
    for (var i = 0; i < coldCount; i++)
    {
        for (var b = 0; b < sweep.Length; b += 64)
        {
            sweep[b]++;
        }

        var t = texts[i % texts.Length];
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        sink += spam.Probability(t) + toxicity.Probability(t);
        cold += System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    Console.WriteLine($"both models, corpus comments, caches evicted before each: {cold.TotalMicroseconds / coldCount:0.0} µs wall per comment");
    // The span step runs only for a comment with a Toxic reason, after the first stage: measured apart.
    var spans = Moderation.Classifiers.Spans.SpanModelFile.Load(ScoringBenchmarks.ModelPath(Moderation.Classifiers.Spans.SpanModelFile.Task));
    var abusive = Moderation.Core.Normalisation.TextNormalizer.Normalize(SpanBenchmarks.Long);
    Measure($"span evidence, {abusive.Original.Length}-char abusive comment", 20_000, () => sink += spans.Evidence(abusive).Count);
    Measure($"toxicity explanation (the evidence before), same comment", 5_000, () => sink += toxicity.Explain(abusive).Count);
    Measure("both models with explanations, typical comment", 5_000, () => sink += spam.Explain(typical).Count + toxicity.Explain(typical).Count + spam.Probability(typical) + toxicity.Probability(typical));
    GC.KeepAlive(sink);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ScoringBenchmarks).Assembly).Run(args);
