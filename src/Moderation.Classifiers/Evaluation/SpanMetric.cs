using Moderation.Contracts;

namespace Moderation.Classifiers.Evaluation;

/// <summary>
/// The metric of SemEval 2021 Task 5 (Toxic Spans Detection): per post, the F1 of the predicted against
/// the gold character offsets; averaged over posts. A post where both are empty scores 1, a post where
/// exactly one is empty scores 0.
/// </summary>
public static class SpanMetric
{
    /// <summary>F1 of one post's predicted offsets against its gold offsets (duplicates count once).</summary>
    public static double F1(IEnumerable<int> predicted, IEnumerable<int> gold)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(gold);
        var p = predicted as IReadOnlySet<int> ?? predicted.ToHashSet();
        var g = gold as IReadOnlySet<int> ?? gold.ToHashSet();
        if (p.Count == 0 || g.Count == 0)
        {
            return p.Count == 0 && g.Count == 0 ? 1 : 0;
        }

        var overlap = p.Count(g.Contains);
        return 2.0 * overlap / (p.Count + g.Count);
    }

    /// <summary>The mean of <see cref="F1(IEnumerable{int}, IEnumerable{int})"/> over posts; NaN for no posts.</summary>
    public static double Mean(IEnumerable<(IEnumerable<int> Predicted, IEnumerable<int> Gold)> posts)
    {
        ArgumentNullException.ThrowIfNull(posts);
        double sum = 0;
        var count = 0;
        foreach (var (predicted, gold) in posts)
        {
            sum += F1(predicted, gold);
            count++;
        }

        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>The offsets (UTF-16, into the text as written) that a list of evidence covers; evidence without a position covers none.</summary>
    public static HashSet<int> Offsets(IEnumerable<Evidence> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var offsets = new HashSet<int>();
        foreach (var e in evidence)
        {
            if (e is { Start: { } start, Length: { } length })
            {
                for (var i = start; i < start + length; i++)
                {
                    offsets.Add(i);
                }
            }
        }

        return offsets;
    }

    /// <summary>
    /// UTF-16 offsets re-expressed as Unicode code-point offsets, as the task's data counts them (Python
    /// strings): a character outside the BMP is two UTF-16 units but one offset. Identical for BMP-only text.
    /// </summary>
    public static HashSet<int> ToCodePoints(string text, IEnumerable<int> utf16Offsets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(utf16Offsets);
        var codePointOf = CodePointIndex(text);
        return utf16Offsets.Where(o => o >= 0 && o < text.Length).Select(o => codePointOf[o]).ToHashSet();
    }

    /// <summary>Code-point offsets (the task's) as UTF-16 offsets: both units of a surrogate pair for one code point.</summary>
    public static HashSet<int> ToUtf16(string text, IEnumerable<int> codePointOffsets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(codePointOffsets);
        var wanted = codePointOffsets.ToHashSet();
        var codePointOf = CodePointIndex(text);
        var offsets = new HashSet<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (wanted.Contains(codePointOf[i]))
            {
                offsets.Add(i);
            }
        }

        return offsets;
    }

    private static int[] CodePointIndex(string text)
    {
        var index = new int[text.Length];
        var codePoint = 0;
        for (var i = 0; i < text.Length; i++)
        {
            index[i] = codePoint;
            if (!(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                codePoint++;
            }
        }

        return index;
    }
}
