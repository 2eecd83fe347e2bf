using BenchmarkDotNet.Running;
using Moderation.Rules.Benchmarks;

// dotnet run -c Release --project tests/Moderation.Rules.Benchmarks -- --job short --filter '*'
// dotnet run -c Release --project tests/Moderation.Rules.Benchmarks -- --cpu   (CPU time per operation)
if (args.Contains("--cpu"))
{
    CpuTime.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RulesBenchmarks).Assembly).Run(args);
