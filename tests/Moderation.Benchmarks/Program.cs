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

BenchmarkSwitcher.FromAssembly(typeof(ScoringBenchmarks).Assembly).Run(args);
