using Moderation.Classifiers.Features;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Spans;

/// <summary>A word of a comment: where it lies in <see cref="NormalizedText.Folded"/> and in the text as written.</summary>
internal readonly record struct SpanWord(int FoldedStart, int FoldedLength, int Start, int Length);

/// <summary>
/// The words of a comment and the hashed features of each, which the span model weighs. Words come from the
/// folded text (so "1d10t" and "ÍDIOT" read as "idiot"), their offsets from its map back to the text as written.
/// Features of a word: its folded form, the form with repeated letters collapsed ("stuuupid" → "stupid"), its
/// character 3–5-grams (with word boundaries), the two words either side and the bigrams with its neighbours,
/// its shape (capitals, masking stars, length), and, with a <see cref="SpanLexicon"/>, its prior beside its
/// neighbours' and beside the strongest prior in the comment.
/// </summary>
internal sealed class SpanFeatures
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const int MinGram = 3;
    private const int MaxGram = 5;

    private readonly string _original;
    private readonly string _folded;

    private SpanFeatures(string original, string folded, List<SpanWord> words, string[] forms)
    {
        _original = original;
        _folded = folded;
        Words = words;
        Forms = forms;
    }

    public IReadOnlyList<SpanWord> Words { get; }

    /// <summary>Each word's folded form with runs of a repeated character collapsed to one.</summary>
    private string[] Forms { get; }

    /// <summary>The hash of each word's collapsed form: the key of <see cref="SpanLexicon"/>.</summary>
    public IEnumerable<ulong> FormHashes => Forms.Select(f => Hash('c', f));

    public static SpanFeatures Of(NormalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Folded;
        var words = new List<SpanWord>();
        var position = 0;
        while (FoldedWords.Next(folded, ref position, out var start, out var length))
        {
            var original = text.ToOriginal(start, length);
            words.Add(new SpanWord(start, length, original.Start, original.Length));
        }

        var forms = new string[words.Count];
        for (var w = 0; w < words.Count; w++)
        {
            forms[w] = Collapse(folded.AsSpan(words[w].FoldedStart, words[w].FoldedLength));
        }

        return new SpanFeatures(text.Original, folded, words, forms);
    }

    /// <summary>Adds the feature hashes of word <paramref name="w"/> to <paramref name="into"/>.</summary>
    public void Features(int w, List<ulong> into, SpanLexicon lexicon)
    {
        var word = Words[w];
        var form = Forms[w];
        into.Add(Hash('w', _folded.AsSpan(word.FoldedStart, word.FoldedLength)));
        into.Add(Hash('c', form));

        Span<char> bounded = stackalloc char[Math.Min(form.Length, 64) + 2];
        bounded[0] = '^';
        form.AsSpan(0, bounded.Length - 2).CopyTo(bounded[1..]);
        bounded[^1] = '$';
        for (var n = MinGram; n <= MaxGram; n++)
        {
            for (var p = 0; p + n <= bounded.Length; p++)
            {
                into.Add(Hash((char)('0' + n), bounded.Slice(p, n)));
            }
        }

        into.Add(Hash('p', Neighbour(w - 1)));
        into.Add(Hash('q', Neighbour(w - 2)));
        into.Add(Hash('n', Neighbour(w + 1)));
        into.Add(Hash('m', Neighbour(w + 2)));
        into.Add(Hash('b', Neighbour(w - 1), form));
        into.Add(Hash('a', form, Neighbour(w + 1)));
        into.Add(Hash('s', Shape(word, form)));
        if (lexicon.Count > 0)
        {
            // The word's prior from the toxicity data, alone and beside its neighbours' (a civil word next to an insult).
            var here = LexiconBin(w, lexicon);
            into.Add(Hash('x', here));
            into.Add(Hash('M', here, MaxBin(lexicon)));
            into.Add(Hash('y', LexiconBin(w - 1, lexicon), here));
            into.Add(Hash('z', here, LexiconBin(w + 1, lexicon)));
        }
    }

    private string? _maxBin;

    /// <summary>The strongest prior in the comment: beside a clear insult, annotators mark less of the rest.</summary>
    private string MaxBin(SpanLexicon lexicon)
    {
        if (_maxBin is null)
        {
            var max = -9;
            foreach (var form in Forms)
            {
                max = Math.Max(max, lexicon.Bin(Hash('c', form)) ?? -9);
            }

            _maxBin = max < -8 ? "?" : BinNames[max + 8];
        }

        return _maxBin;
    }

    private string LexiconBin(int w, SpanLexicon lexicon) =>
        w < 0 || w >= Words.Count ? "|" : lexicon.Bin(Hash('c', Forms[w])) is { } bin ? BinNames[bin + 8] : "?";

    private static readonly string[] BinNames = Enumerable.Range(-8, 17).Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private string Neighbour(int w) => w < 0 ? "<s>" : w >= Words.Count ? "</s>" : Forms[w];

    private string Shape(SpanWord word, string form)
    {
        int letters = 0, upper = 0;
        foreach (var c in _original.AsSpan(word.Start, word.Length))
        {
            if (char.IsLetter(c))
            {
                letters++;
                upper += char.IsUpper(c) ? 1 : 0;
            }
        }

        var caps = letters >= 2 && upper == letters ? "C" : upper > 0 ? "T" : "l";
        var star = form.Contains('*', StringComparison.Ordinal) ? "*" : string.Empty;
        var length = form.Length switch { <= 2 => "2", <= 4 => "4", <= 7 => "7", _ => "8" };
        return caps + star + length;
    }

    private static string Collapse(ReadOnlySpan<char> word)
    {
        Span<char> chars = stackalloc char[Math.Min(word.Length, 256)];
        var n = 0;
        foreach (var c in word)
        {
            if (n == chars.Length)
            {
                break;
            }

            if (n == 0 || chars[n - 1] != c)
            {
                chars[n++] = c;
            }
        }

        return new string(chars[..n]);
    }

    internal static ulong Hash(char tag, ReadOnlySpan<char> a) => Finish(Add(Add(FnvOffset, tag), a));

    internal static ulong Hash(char tag, ReadOnlySpan<char> a, ReadOnlySpan<char> b) => Finish(Add(Add(Add(Add(FnvOffset, tag), a), '\u0001'), b));

    private static ulong Add(ulong h, char c) => (h ^ c) * FnvPrime;

    private static ulong Add(ulong h, ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            h = (h ^ c) * FnvPrime;
        }

        return h;
    }

    /// <summary>splitmix64's finaliser: spreads the bits so that nearby hashes do not cluster.</summary>
    private static ulong Finish(ulong h)
    {
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }
}
