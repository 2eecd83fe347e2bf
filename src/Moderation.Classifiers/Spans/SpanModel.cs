using System.Globalization;
using Moderation.Contracts;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Spans;

/// <summary>
/// Which words of a toxic comment are its toxic part: a logistic model over each word's features
/// (<see cref="SpanFeatures"/>), trained on the SemEval 2021 Task 5 spans. Immutable and thread-safe.
/// Its evidence points at the text as written: offsets are UTF-16 units of <see cref="NormalizedText.Original"/>.
/// </summary>
public sealed class SpanModel
{
    private readonly Dictionary<ulong, float> _weights;

    internal SpanModel(SpanModelMetadata metadata, Dictionary<ulong, float> weights, float bias, SpanLexicon lexicon)
    {
        Metadata = metadata;
        _weights = weights;
        Bias = bias;
        Lexicon = lexicon;
    }

    internal SpanLexicon Lexicon { get; }

    public SpanModelMetadata Metadata { get; }

    internal float Bias { get; }

    internal IReadOnlyDictionary<ulong, float> Weights => _weights;

    /// <summary>The words marked as the toxic part, merged into runs as the model's decoding says; empty when none stands out.</summary>
    public IReadOnlyList<Evidence> Evidence(NormalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var features = SpanFeatures.Of(text);
        var probabilities = Probabilities(features);
        var marked = Metadata.Decoding.Select(probabilities);
        return Runs(text.Original, features.Words, marked, Metadata.Decoding.Fill, probabilities)
            .Select(r => new Evidence
            {
                Text = text.Original.Substring(r.Start, r.Length),
                Start = r.Start,
                Length = r.Length,
                Detail = r.Probability.ToString("0.00", CultureInfo.InvariantCulture),
            })
            .ToList();
    }

    /// <summary>The probability of each word (in <see cref="SpanFeatures.Words"/> order) being part of the toxic span.</summary>
    internal double[] Probabilities(SpanFeatures features)
    {
        var probabilities = new double[features.Words.Count];
        var hashes = new List<ulong>(48);
        for (var w = 0; w < probabilities.Length; w++)
        {
            hashes.Clear();
            features.Features(w, hashes, Lexicon);
            double z = Bias;
            foreach (var h in hashes)
            {
                if (_weights.TryGetValue(h, out var weight))
                {
                    z += weight;
                }
            }

            probabilities[w] = 1 / (1 + Math.Exp(-z));
        }

        return probabilities;
    }

    /// <summary>Marked words joined into runs: neighbours merge with what lies between them when <paramref name="fill"/> allows it.</summary>
    internal static List<(int Start, int Length, double Probability)> Runs(string original, IReadOnlyList<SpanWord> words, bool[] marked, GapFill fill, double[] probabilities)
    {
        var runs = new List<(int Start, int Length, double Probability)>();
        for (var w = 0; w < words.Count; w++)
        {
            if (!marked[w])
            {
                continue;
            }

            var start = words[w].Start;
            var end = start + words[w].Length;
            var p = probabilities[w];
            while (w + 1 < words.Count && marked[w + 1] && Fills(original, end, words[w + 1].Start, fill))
            {
                w++;
                end = words[w].Start + words[w].Length;
                p = Math.Max(p, probabilities[w]);
            }

            runs.Add((start, end - start, p));
        }

        return runs;
    }

    internal static bool Fills(string original, int from, int to, GapFill fill) => fill switch
    {
        GapFill.All => true,
        GapFill.Spaces => original.AsSpan(from, to - from).IndexOfAnyExcept(' ') < 0,
        _ => false,
    };
}

/// <summary>Whether the characters between two neighbouring marked words are marked too.</summary>
public enum GapFill
{
    /// <summary>Words only.</summary>
    None,

    /// <summary>The gap when it is plain spaces ("stupid idiot" is one span, "stupid, idiot" two).</summary>
    Spaces,

    /// <summary>Any gap between two marked neighbours.</summary>
    All,
}

/// <summary>How word probabilities become marked words. Chosen by cross-validation on the training posts.</summary>
public sealed record SpanDecoding
{
    /// <summary>A word is marked from this probability.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>
    /// Below <see cref="Threshold"/>, a word is still marked when it reaches this and at least <see cref="Relative"/>
    /// times the post's likeliest word: every post given to the span step was judged toxic, so its likeliest words
    /// are the best guess even when none is sure. 1 turns the fallback off.
    /// </summary>
    public double Fallback { get; init; } = 1;

    /// <summary>The share of the likeliest word's probability that a fallback word needs; 1 = the likeliest word alone.</summary>
    public double Relative { get; init; } = 1;

    public GapFill Fill { get; init; } = GapFill.None;

    internal bool[] Select(double[] probabilities)
    {
        var marked = new bool[probabilities.Length];
        var best = -1;
        for (var w = 0; w < probabilities.Length; w++)
        {
            marked[w] = probabilities[w] >= Threshold;
            if (best < 0 || probabilities[w] > probabilities[best])
            {
                best = w;
            }
        }

        if (best >= 0 && probabilities[best] < Threshold && probabilities[best] >= Fallback)
        {
            var floor = Math.Max(Fallback, Relative * probabilities[best]);
            for (var w = 0; w < probabilities.Length; w++)
            {
                marked[w] = probabilities[w] >= floor;
            }
        }

        return marked;
    }
}
