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
    private IReadOnlyList<TextSpan>? _urls;
    private IReadOnlyList<TextSpan>? _emails;
    private MatchText? _match;

    internal NormalizedText(string original, string folded, int[] start, int[] end)
    {
        Original = original;
        Folded = folded;
        _start = start;
        _end = end;
    }

    /// <summary>The text as the author wrote it.</summary>
    public string Original { get; }

    /// <summary>
    /// NFKC, lower case, invisible characters and accents removed, look-alikes and leetspeak folded.
    /// Same characters as the original otherwise: repeated letters and spacing are left as written.
    /// </summary>
    public string Folded { get; }

    /// <summary>Links found in the original text (with or without a scheme).</summary>
    public IReadOnlyList<TextSpan> Urls => _urls ??= TextNormalizer.FindUrls(Original);

    /// <summary>E-mail addresses found in the original text.</summary>
    public IReadOnlyList<TextSpan> Emails => _emails ??= TextNormalizer.FindEmails(Original);

    /// <summary>The word stream that term matching and similarity sketches work on.</summary>
    internal MatchText Match => _match ??= MatchText.Build(this);

    /// <summary>Where folded character <paramref name="foldedIndex"/> starts in the original.</summary>
    internal int OriginalStart(int foldedIndex) => _start[foldedIndex];

    /// <summary>Where folded character <paramref name="foldedIndex"/> ends in the original (exclusive).</summary>
    internal int OriginalEnd(int foldedIndex) => _end[foldedIndex];

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
