using System.Diagnostics;
using System.Globalization;
using Moderation.Core.Normalisation;
using Moderation.Core.Rules;

namespace Moderation.Rules.Benchmarks;

/// <summary>
/// A second opinion for a busy shared machine: the CPU time this process spent per operation
/// (user + kernel), which other processes' load inflates far less than wall-clock time.
/// Run: dotnet run -c Release --project tests/Moderation.Rules.Benchmarks -- --cpu
/// </summary>
internal static class CpuTime
{
    public static void Run()
    {
        var b = new RulesBenchmarks();
        b.Setup();
        var text = b.CommentText;
        var matcher = new TermMatcher(b.SiteSettings.Terms.Entries());
        var normalized = TextNormalizer.Normalize(text);
        var cases = new (string Name, Func<int> Op)[]
        {
            ("Normalise", b.Normalise),
            ("Normalise + word stream", () => TextNormalizer.Normalize(text).Match.Length),
            ("Term automaton scan (text already normalised)", () => matcher.FindAll(normalized).Count),
            ("Terms (normalise + 5,000-term rule)", b.Terms),
            ("Links found (regex)", () => TextNormalizer.FindUrls(text).Count),
            ("Text shape rule alone", () => b.Shape(normalized)),
            ("Sketch", () => Core.Rules.History.TextSketch.From(normalized, 4)!.Words),
            ("Stateless rules (normalise + terms + links + text shape)", b.StatelessRules),
            ("All rules with in-memory history", () => b.AllRulesWithInMemoryHistory().GetAwaiter().GetResult()),
            ("Pipeline without classifiers", () => (int)b.Pipeline().GetAwaiter().GetResult()),
        };

        Console.WriteLine($"Comment: {text.Length} characters; terms: {matcher.Count}; CPU time per operation, median of 5 rounds");
        foreach (var (name, op) in cases)
        {
            for (var i = 0; i < 2_000; i++)
            {
                op(); // warm up and tier up
            }

            var rounds = new List<double>();
            for (var r = 0; r < 5; r++)
            {
                const int n = 20_000;
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < n; i++)
                {
                    op();
                }

                rounds.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / n);
            }

            rounds.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-60} {rounds[2],8:0.00} µs  (min {rounds[0]:0.00}, max {rounds[4]:0.00})"));
        }
    }
}
