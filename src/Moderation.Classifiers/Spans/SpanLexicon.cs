using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Spans;

/// <summary>
/// How much more often a word occurs in toxic than in civil comments of the toxicity training data, as a coarse
/// bin of its smoothed log-odds: a prior for words that the span data has too few of. Keys are the hashes of
/// the words' collapsed folded forms, as <see cref="SpanFeatures"/> makes them.
/// </summary>
internal sealed class SpanLexicon(Dictionary<ulong, sbyte> bins)
{
    /// <summary>Fewest comments (weighted) a word must occur in to get a bin.</summary>
    private const double MinOccurrences = 5;

    /// <summary>Bins per unit of natural log-odds, and the largest bin either way.</summary>
    private const double BinsPerUnit = 2;
    private const int MaxBin = 8;

    public static SpanLexicon Empty { get; } = new([]);

    public IReadOnlyDictionary<ulong, sbyte> Bins => bins;

    public int Count => bins.Count;

    /// <summary>The word's bin, or null for a word seen too rarely.</summary>
    public sbyte? Bin(ulong formHash) => bins.TryGetValue(formHash, out var bin) ? bin : null;

    /// <summary>Counts each word once per comment, every row by its weight (so every file can count the same).</summary>
    public static SpanLexicon Build(IReadOnlyList<LabelledText> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var toxic = new Dictionary<ulong, double>();
        var civil = new Dictionary<ulong, double>();
        double toxicTotal = 0, civilTotal = 0;
        var seen = new HashSet<ulong>();
        foreach (var row in rows)
        {
            var counts = row.Label ? toxic : civil;
            if (row.Label)
            {
                toxicTotal += row.Weight;
            }
            else
            {
                civilTotal += row.Weight;
            }

            seen.Clear();
            foreach (var form in SpanFeatures.Of(TextNormalizer.Normalize(row.Text)).FormHashes)
            {
                if (seen.Add(form))
                {
                    counts[form] = counts.GetValueOrDefault(form) + row.Weight;
                }
            }
        }

        var bins = new Dictionary<ulong, sbyte>();
        foreach (var form in toxic.Keys.Union(civil.Keys))
        {
            var t = toxic.GetValueOrDefault(form);
            var c = civil.GetValueOrDefault(form);
            if (t + c < MinOccurrences)
            {
                continue;
            }

            var logOdds = Math.Log((t + 1) / (toxicTotal + 1)) - Math.Log((c + 1) / (civilTotal + 1));
            bins[form] = (sbyte)Math.Clamp((int)Math.Round(logOdds * BinsPerUnit), -MaxBin, MaxBin);
        }

        return new SpanLexicon(bins);
    }
}
