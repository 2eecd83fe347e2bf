namespace Moderation.Core.Normalisation;

/// <summary>
/// A comment text prepared for matching. <see cref="Folded"/> is what rules match against;
/// every character of it maps back to the span of <see cref="Original"/> it came from, so
/// evidence always points at what the author wrote.
/// </summary>
public sealed class NormalizedText
{
    private readonly int[] _start;
    private readonly int[] _end;

    internal NormalizedText(string original, string folded, int[] start, int[] end, IReadOnlyList<TextSpan> urls, IReadOnlyList<TextSpan> emails)
    {
        Original = original;
        Folded = folded;
        _start = start;
        _end = end;
        Urls = urls;
        Emails = emails;
    }

    /// <summary>The text as the author wrote it.</summary>
    public string Original { get; }

    /// <summary>NFKC, lower case, invisible characters removed, look-alikes and leetspeak folded.</summary>
    public string Folded { get; }

    /// <summary>Links found in the original text (with or without a scheme).</summary>
    public IReadOnlyList<TextSpan> Urls { get; }

    /// <summary>E-mail addresses found in the original text.</summary>
    public IReadOnlyList<TextSpan> Emails { get; }

    /// <summary>Maps a span of <see cref="Folded"/> back to the span of <see cref="Original"/> it came from.</summary>
    public TextSpan ToOriginal(int foldedStart, int foldedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(foldedStart);
        ArgumentOutOfRangeException.ThrowIfLessThan(foldedLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(foldedStart + foldedLength, Folded.Length);
        var start = _start[foldedStart];
        var end = _end[foldedStart + foldedLength - 1];
        return new TextSpan(start, end - start, Original[start..end]);
    }
}

/// <summary>A span of the original text.</summary>
public readonly record struct TextSpan(int Start, int Length, string Text);
