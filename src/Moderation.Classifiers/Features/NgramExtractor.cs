using System.Globalization;
using System.Text.RegularExpressions;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Features;

/// <summary>
/// Turns a comment into hashed n-gram occurrences: character 1..N-grams over the text with white space
/// collapsed and digits merged, word 1..2-grams, and shape tokens (links, mentions, money, shouting…).
/// Hashes are 64-bit, so collisions inside a vocabulary of a few hundred thousand are negligible,
/// and the n-gram text itself is never stored per comment.
/// </summary>
internal static partial class NgramExtractor
{
    private const ulong FnvPrime = 1099511628211UL;
    private const ulong CharSeed = 14695981039346656037UL;
    private const ulong WordSeed = 0x9E3779B97F4A7C15UL;
    private const ulong BigramSeed = 0xC2B2AE3D27D4EB4FUL;
    private const ulong ShapeSeed = 0x165667B19E3779F9UL;

    /// <summary>Scratch that one extraction needs; pooled by callers, never shared between threads.</summary>
    internal sealed class Buffers
    {
        public char[] Chars = new char[256];
        public int[] Map = new int[256];
        public readonly List<Gram> Grams = new(1024);
        public string Source = string.Empty;
        public readonly List<(int Start, int Length, ulong Hash)> Words = new(64);

        public void Ensure(int length)
        {
            if (Chars.Length < length)
            {
                Chars = new char[Math.Max(length, Chars.Length * 2)];
                Map = new int[Chars.Length];
            }
        }
    }

    public static string SourceOf(NormalizedText text, TextSource source) =>
        source == TextSource.Folded ? text.Folded : text.Original.ToLowerInvariant();

    /// <summary>Fills <paramref name="buffers"/> with the grams of <paramref name="text"/>.</summary>
    public static void Extract(NormalizedText text, FeatureSettings settings, Buffers buffers)
    {
        var source = SourceOf(text, settings.Source);
        buffers.Source = source;
        buffers.Grams.Clear();
        CharGrams(source, settings.CharNgramMax, buffers);
        WordGrams(source, settings.WordNgramMax, buffers);
        if (settings.ShapeTokens)
        {
            ShapeGrams(text, buffers.Grams);
        }
    }

    /// <summary>A readable name for a gram, as in the model's feature list ("␣idio", "free money", "&lt;link&gt;").</summary>
    public static string NameOf(in Gram gram, Buffers buffers) => gram.Kind switch
    {
        GramKind.Characters => new string(buffers.Chars, gram.NameStart, gram.NameLength).Replace(' ', '␣'),
        GramKind.Word => CollapseSeparators(buffers.Source.AsSpan(gram.NameStart, gram.NameLength)),
        _ => ShapeNames[gram.NameStart],
    };

    private static void CharGrams(string source, int maxN, Buffers b)
    {
        b.Ensure(source.Length + 2);
        var chars = b.Chars;
        var map = b.Map;
        var n = 0;
        chars[n] = ' ';
        map[n++] = -1;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c))
            {
                if (chars[n - 1] != ' ')
                {
                    chars[n] = ' ';
                    map[n++] = i;
                }

                continue;
            }

            chars[n] = char.IsDigit(c) ? '#' : c;
            map[n++] = i;
        }

        if (chars[n - 1] != ' ')
        {
            chars[n] = ' ';
            map[n++] = -1;
        }

        for (var p = 0; p < n; p++)
        {
            var h = CharSeed;
            var last = Math.Min(n, p + maxN);
            for (var q = p; q < last; q++)
            {
                h = (h ^ chars[q]) * FnvPrime;
                var length = q - p + 1;
                if (length == 1 && chars[p] == ' ')
                {
                    continue; // a lone space says nothing
                }

                // The source span is worked out only when explaining (SourceSpanOf): scoring never needs it.
                b.Grams.Add(new Gram(Finish(h, (ulong)length), GramKind.Characters, 0, 0, p, length));
            }
        }
    }

    /// <summary>Where a gram lies in the source text; (-1, 0) for a character n-gram of padding only.</summary>
    public static (int Start, int Length) SourceSpanOf(in Gram gram, Buffers buffers)
    {
        if (gram.Kind != GramKind.Characters)
        {
            return (gram.Start, gram.Length);
        }

        var (start, end) = SourceSpan(buffers.Map, gram.NameStart, gram.NameStart + gram.NameLength - 1);
        return (start, end - start);
    }

    private static (int Start, int End) SourceSpan(int[] map, int p, int q)
    {
        while (p <= q && map[p] < 0)
        {
            p++;
        }

        while (q >= p && map[q] < 0)
        {
            q--;
        }

        return p > q ? (-1, -1) : (map[p], map[q] + 1);
    }

    private static void WordGrams(string source, int maxN, Buffers b)
    {
        var words = b.Words;
        words.Clear();
        var i = 0;
        while (i < source.Length)
        {
            if (!IsWordChar(source[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var h = WordSeed;
            while (i < source.Length && (IsWordChar(source[i]) || (source[i] is '\'' or '’' && i + 1 < source.Length && char.IsLetter(source[i + 1]))))
            {
                var c = source[i] == '’' ? '\'' : source[i];
                h = (h ^ (char.IsDigit(c) ? '#' : c)) * FnvPrime;
                i++;
            }

            var hash = Finish(h, 1);
            words.Add((start, i - start, hash));
            b.Grams.Add(new Gram(hash, GramKind.Word, start, i - start, start, i - start));
        }

        if (maxN < 2)
        {
            return;
        }

        for (var w = 1; w < words.Count; w++)
        {
            var (s0, _, h0) = words[w - 1];
            var (s1, l1, h1) = words[w];
            var hash = Finish((h0 * 31) ^ h1 ^ BigramSeed, 2);
            b.Grams.Add(new Gram(hash, GramKind.Word, s0, s1 + l1 - s0, s0, s1 + l1 - s0));
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private static readonly string[] ShapeNames =
        ["<link>", "<e-mail>", "<@mention>", "<phone number>", "<money>", "<shouting>", "<character flood>", "<!!>", "<short comment>", "<long comment>", "<several links>"];

    private static void ShapeGrams(NormalizedText text, List<Gram> grams)
    {
        var original = text.Original;
        foreach (var url in text.Urls)
        {
            AddShape(grams, 0, url.Start, url.Length);
        }

        if (text.Urls.Count >= 2)
        {
            AddShape(grams, 10, -1, 0);
        }

        foreach (var email in text.Emails)
        {
            AddShape(grams, 1, email.Start, email.Length);
        }

        AddMatches(grams, 2, MentionPattern(), original);
        AddMatches(grams, 3, PhonePattern(), original);
        AddMatches(grams, 4, MoneyPattern(), original);
        AddRuns(grams, original);

        int letters = 0, upper = 0, words = 0;
        var inWord = false;
        foreach (var c in original)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (char.GetUnicodeCategory(c) == UnicodeCategory.UppercaseLetter)
                {
                    upper++;
                }
            }

            var wordChar = char.IsLetterOrDigit(c);
            if (wordChar && !inWord)
            {
                words++;
            }

            inWord = wordChar;
        }

        if (letters >= 8 && upper * 10 >= letters * 7)
        {
            AddShape(grams, 5, -1, 0);
        }

        if (words < 5)
        {
            AddShape(grams, 8, -1, 0);
        }
        else if (words > 80)
        {
            AddShape(grams, 9, -1, 0);
        }
    }

    private static void AddMatches(List<Gram> grams, int shape, Regex pattern, string original)
    {
        var count = grams.Count;
        try
        {
            foreach (var m in pattern.EnumerateMatches(original))
            {
                AddShape(grams, shape, m.Index, m.Length);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Scoring never fails over a shape token: a pathological text just goes without this one.
            grams.RemoveRange(count, grams.Count - count);
        }
    }

    /// <summary>Floods (one character four or more times) and runs of "!?" of two or more; a plain scan, no regex.</summary>
    private static void AddRuns(List<Gram> grams, string original)
    {
        var i = 0;
        while (i < original.Length)
        {
            var j = i + 1;
            while (j < original.Length && original[j] == original[i])
            {
                j++;
            }

            if (j - i >= 4 && !char.IsWhiteSpace(original[i]))
            {
                AddShape(grams, 6, i, j - i);
            }

            i = j;
        }

        i = 0;
        while (i < original.Length)
        {
            if (original[i] is not ('!' or '?'))
            {
                i++;
                continue;
            }

            var j = i + 1;
            while (j < original.Length && original[j] is '!' or '?')
            {
                j++;
            }

            if (j - i >= 2)
            {
                AddShape(grams, 7, i, j - i);
            }

            i = j;
        }
    }

    private static void AddShape(List<Gram> grams, int shape, int start, int length) =>
        grams.Add(new Gram(Finish(ShapeSeed + (ulong)shape * FnvPrime, 7), GramKind.Shape, start, length, shape, 0));

    /// <summary>Mixes the length in and spreads the bits (splitmix64 finaliser); never returns 0, the empty slot.</summary>
    private static ulong Finish(ulong h, ulong length)
    {
        h ^= length * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return h == 0 ? 1 : h;
    }

    private static string CollapseSeparators(ReadOnlySpan<char> span)
    {
        var chars = new char[span.Length];
        var n = 0;
        foreach (var c in span)
        {
            if (char.IsLetterOrDigit(c) || c is '\'' or '’')
            {
                chars[n++] = c;
            }
            else if (n > 0 && chars[n - 1] != ' ')
            {
                chars[n++] = ' ';
            }
        }

        return new string(chars, 0, n).Trim();
    }

    [GeneratedRegex(@"(?<![\w.])@\w{2,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"(?<!\w)\+?\d[\d\s().-]{6,}\d(?!\w)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"[$€£]\s?\d|\d\s?(?:usd|eur|dollars?|euros?|bucks|k)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MoneyPattern();
}
