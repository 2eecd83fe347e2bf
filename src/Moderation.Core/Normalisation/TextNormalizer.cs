using System.Globalization;
using System.Text.RegularExpressions;

namespace Moderation.Core.Normalisation;

/// <summary>
/// Turns a comment into text that rules can match reliably: NFKC, case folding, invisible
/// characters removed, diacritics stripped, look-alike letters and leetspeak folded to ASCII.
/// Every folded character remembers the span of the original it came from.
/// </summary>
/// <remarks>
/// Folding that could invent words is decided per token (a run of letters, digits and leet
/// symbols), not per character, to keep ordinary text intact:
/// <list type="bullet">
/// <item>Cyrillic and Greek look-alikes become Latin only in a token that already has Latin letters
/// or consists of look-alikes alone ("pаypal" with a Cyrillic а); real Russian or Greek words keep their letters.</item>
/// <item>Digits become letters only in a token that has letters ("c1al1s"), never in numbers ("2000", "$5"),
/// and not in a number with an ordinal or unit suffix ("1st", "10am", "5kg").</item>
/// <item>"!", "|" and "+" count as letters only inside a word ("sh!t"), not as its punctuation ("wow!").</item>
/// </list>
/// Collapsing repeated letters and joining spaced-out letters happen later, in <see cref="MatchText"/>.
/// </remarks>
public static partial class TextNormalizer
{
    private const byte Other = 0;
    private const byte Letter = 1;
    private const byte Digit = 2;
    private const byte Symbol = 3;

    /// <summary>Per-BMP-character fold, filled lazily; "" for a character that disappears.</summary>
    private static readonly string?[] BmpFold = new string?[0x10000];

    public static NormalizedText Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var b = new Builder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (c is < ' ' and not ('\n' or '\r' or '\t') or '\x7F')
                {
                    b.ExtendLast(i, i + 1); // an ASCII control character: invisible, like "fu\u0001ck"
                }
                else
                {
                    b.Add(c is >= 'A' and <= 'Z' ? (char)(c + 32) : c, i, i + 1);
                }

                i++;
                continue;
            }

            var width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var folded = width == 1 ? FoldBmp(c) : FoldCodePoint(char.ConvertToUtf32(c, text[i + 1]));
            if (folded.Length == 0)
            {
                // A removed mark or invisible character belongs to the evidence of the letter before it.
                b.ExtendLast(i, i + width);
            }

            foreach (var f in folded)
            {
                b.Add(f, i, i + width);
            }

            i += width;
        }

        b.FoldTokens();
        // The offset arrays may be longer than the folded text; NormalizedText only reads within it.
        return new NormalizedText(text, new string(b.Chars, 0, b.Count), b.Start, b.End);
    }

    /// <summary>Folds a term of a list the same way the text is folded, so the two can be compared.</summary>
    public static string FoldTerm(string term) => Normalize(term).Folded;

    private static string FoldBmp(char c) => BmpFold[c] ??= FoldCodePoint(c);

    /// <summary>
    /// NFKC, full case folding and marks removed, from a table generated off the Unicode database
    /// (src/Moderation.Core/Normalisation/gen-fold-table.py): the host may run without ICU, where string.Normalize is a no-op.
    /// </summary>
    private static readonly Dictionary<int, string> Table = ParseTable();

    private static string FoldCodePoint(int codePoint)
    {
        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            return ((char)codePoint).ToString(); // an unpaired surrogate: not text, left for the validator to reject
        }

        if (IsInvisible(codePoint))
        {
            return string.Empty;
        }

        if (Table.TryGetValue(codePoint, out var folded))
        {
            return folded;
        }

        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            ? string.Empty
            : char.ConvertFromUtf32(codePoint).ToLowerInvariant();
    }

    private static Dictionary<int, string> ParseTable()
    {
        var table = new Dictionary<int, string>(9000);
        foreach (var line in FoldTable.Data.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var folded = line[(eq + 1)..];
            if (folded.Any(c => IsInvisible(c)))
            {
                folded = new string(folded.Where(c => !IsInvisible(c)).ToArray());
            }

            table[int.Parse(line.AsSpan(0, eq), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = folded;
        }

        return table;
    }

    private static bool IsInvisible(int codePoint)
    {
        if (codePoint is '\n' or '\r' or '\t')
        {
            return false;
        }

        // Format covers zero-width spaces and joiners, bidi controls, soft hyphens and tag characters.
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.Control or UnicodeCategory.Format
            || codePoint is 0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;
    }

    private static byte Kind(char c) => c switch
    {
        >= 'a' and <= 'z' => Letter,
        >= '0' and <= '9' => Digit,
        '@' or '$' or '!' or '|' or '+' => Symbol,
        < (char)0x80 => Other,
        _ when char.IsLetter(c) => Letter,
        _ when char.IsDigit(c) => Digit,
        _ => Other,
    };

    private static char Leet(char c) => c switch
    {
        '0' => 'o',
        '1' or '!' or '|' => 'i',
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '7' or '+' => 't',
        '8' => 'b',
        _ => c,
    };

    /// <summary>Suffixes after which a leading number stays a number: ordinals, units, times.</summary>
    private static readonly HashSet<string> NumberSuffixes = new(StringComparer.Ordinal)
    {
        "st", "nd", "rd", "th", "s", "k", "m", "b", "x", "am", "pm", "h", "hr", "hrs", "min", "mins", "sec", "secs",
        "g", "kg", "mg", "km", "cm", "mm", "ml", "l", "gb", "mb", "tb", "kb", "d", "yo", "p", "px", "v", "w", "kw",
        "mph", "ft", "in", "lb", "lbs", "oz", "c", "f", "bn", "mn", "yr", "yrs", "ish", "er", "ers", "hz", "mhz", "ghz",
    };

    /// <summary>Cyrillic and Greek letters that readers take for Latin ones (after lower-casing).</summary>
    internal static char Confusable(char c) => c switch
    {
        'а' => 'a', 'в' => 'b', 'с' => 'c', 'е' => 'e', 'ё' => 'e', 'һ' => 'h', 'і' => 'i', 'ї' => 'i',
        'ј' => 'j', 'к' => 'k', 'м' => 'm', 'н' => 'h', 'о' => 'o', 'р' => 'p', 'ѕ' => 's', 'т' => 't',
        'у' => 'y', 'х' => 'x', 'ԁ' => 'd', 'ԛ' => 'q', 'ԝ' => 'w', 'ɡ' => 'g', 'ı' => 'i', 'ⅰ' => 'i',
        'α' => 'a', 'β' => 'b', 'ε' => 'e', 'η' => 'n', 'ι' => 'i', 'κ' => 'k', 'ν' => 'v', 'ο' => 'o',
        'ρ' => 'p', 'τ' => 't', 'υ' => 'u', 'χ' => 'x', 'ω' => 'w', 'ς' => 's', 'σ' => 'o', 'μ' => 'u', 'γ' => 'y',
        _ => '\0',
    };

    private sealed class Builder(int capacity)
    {
        public char[] Chars = new char[capacity + 8];
        public int[] Start = new int[capacity + 8];
        public int[] End = new int[capacity + 8];
        public int Count;

        public void Add(char c, int start, int end)
        {
            if (Count == Chars.Length)
            {
                Array.Resize(ref Chars, Count * 2);
                Array.Resize(ref Start, Count * 2);
                Array.Resize(ref End, Count * 2);
            }

            Chars[Count] = c;
            Start[Count] = start;
            End[Count] = end;
            Count++;
        }

        public void ExtendLast(int start, int end)
        {
            if (Count > 0 && End[Count - 1] == start)
            {
                End[Count - 1] = end;
            }
        }

        /// <summary>Applies the token-level folds: look-alikes and leetspeak.</summary>
        public void FoldTokens()
        {
            var tokens = new List<(int From, int To)>(Count / 4);
            var i = 0;
            while (i < Count)
            {
                if (Kind(Chars[i]) == Other)
                {
                    i++;
                    continue;
                }

                var end = i;
                while (end < Count && Kind(Chars[end]) != Other)
                {
                    end++;
                }

                FoldToken(i, end);
                tokens.Add((i, end));
                i = end;
            }

            FoldSpacedDigits(tokens);
        }

        /// <summary>A lone leet digit between spaced single letters is a letter too: "s . h . 1 . t".</summary>
        private void FoldSpacedDigits(List<(int From, int To)> tokens)
        {
            for (var k = 1; k + 1 < tokens.Count; k++)
            {
                var (from, to) = tokens[k];
                if (to - from != 1 || Kind(Chars[from]) != Digit || Leet(Chars[from]) == Chars[from])
                {
                    continue;
                }

                if (IsSpacedSingle(tokens[k - 1], from) && IsSpacedSingle(tokens[k + 1], tokens[k + 1].From - (tokens[k + 1].From - to)))
                {
                    var gapBefore = from - tokens[k - 1].To;
                    var gapAfter = tokens[k + 1].From - to;
                    if (gapBefore <= 3 && gapAfter <= 3)
                    {
                        Chars[from] = Leet(Chars[from]);
                    }
                }
            }
        }

        private bool IsSpacedSingle((int From, int To) token, int _) =>
            token.To - token.From == 1 && (Kind(Chars[token.From]) == Letter || Leet(Chars[token.From]) != Chars[token.From]);

        private void FoldToken(int from, int to)
        {
            int latin = 0, lookAlike = 0, otherLetters = 0, letters = 0;
            for (var i = from; i < to; i++)
            {
                var c = Chars[i];
                if (c is >= 'a' and <= 'z')
                {
                    latin++;
                }
                else if (Confusable(c) != '\0')
                {
                    lookAlike++;
                }
                else if (Kind(c) == Letter)
                {
                    otherLetters++;
                }
            }

            letters = latin + lookAlike + otherLetters;
            if (letters == 0 && !IsLeetWithoutLetters(from, to))
            {
                return; // a number or a run of symbols: "2000", "$5", "!!!"
            }

            if (lookAlike > 0 && (latin > 0 || otherLetters == 0))
            {
                for (var i = from; i < to; i++)
                {
                    var plain = Confusable(Chars[i]);
                    if (plain != '\0')
                    {
                        Chars[i] = plain;
                    }
                }
            }

            var foldDigits = !IsNumberWithSuffix(from, to);
            for (var i = from; i < to; i++)
            {
                var c = Chars[i];
                var kind = Kind(c);
                if (kind == Digit && foldDigits && c < 0x80)
                {
                    Chars[i] = Leet(c);
                }
                else if (kind == Symbol && (letters == 0 || SymbolIsLetter(c, i, from, to)))
                {
                    Chars[i] = Leet(c);
                }
            }
        }

        /// <summary>"@$$" or "@55": a word written in symbols and digits only, told from "$100" or "!!!" by an "@" or two different symbols.</summary>
        private bool IsLeetWithoutLetters(int from, int to)
        {
            if (to - from < 2)
            {
                return false;
            }

            var seen = 0; // one bit per symbol of "@$!|+"
            for (var i = from; i < to; i++)
            {
                var bit = "@$!|+".IndexOf(Chars[i], StringComparison.Ordinal);
                if (bit >= 0)
                {
                    seen |= 1 << bit;
                }
            }

            return (seen & 1) != 0 || System.Numerics.BitOperations.PopCount((uint)seen) >= 2;
        }

        private bool SymbolIsLetter(char c, int i, int from, int to)
        {
            var before = i > from && Kind(Chars[i - 1]) is Letter or Digit;
            var letterNext = i + 1 < to && Kind(Chars[i + 1]) is Letter or Digit;
            var letterLater = false;
            for (var j = i + 1; j < to && !letterLater; j++)
            {
                letterLater = Kind(Chars[j]) is Letter or Digit;
            }

            return c switch
            {
                '@' or '$' => before || letterLater,
                '!' or '|' => letterLater, // "sh!t", "!diot", but not "wow!!"
                _ => before && letterNext, // '+': "s+ick" but not "c++" or "+1"
            };
        }

        private bool IsNumberWithSuffix(int from, int to)
        {
            var i = from;
            while (i < to && Chars[i] is >= '0' and <= '9')
            {
                i++;
            }

            if (i == from)
            {
                return false;
            }

            for (var k = i; k < to; k++)
            {
                if (Chars[k] is < 'a' or > 'z')
                {
                    return false;
                }
            }

            return i == to || NumberSuffixes.Contains(new string(Chars, i, to - i));
        }
    }

    internal static List<TextSpan> FindUrls(string text) =>
        text.Contains('.', StringComparison.Ordinal)
            ? UrlPattern().Matches(text).Select(m => new TextSpan(m.Index, m.Length, m.Value)).ToList()
            : [];

    internal static List<TextSpan> FindEmails(string text) =>
        text.Contains('@', StringComparison.Ordinal)
            ? EmailPattern().Matches(text).Select(m => new TextSpan(m.Index, m.Length, m.Value)).ToList()
            : [];

    // Non-backtracking: linear time on any input, so a hostile text can neither stall nor time out the match.
    // A scheme or "www.", or a bare domain with a common top-level domain followed by a boundary.
    [GeneratedRegex(@"\b(?:(?:https?|ftp)://|www\.)[^\s<>""']+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|io|co|ru|cn|xyz|top|ly|me|tk|site|online|shop|club|link|click|app|dev|uk|de|fr|gl|gd|to|cc|su|pw|ws|in|us|eu)\b(?:/[^\s<>""']*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EmailPattern();
}
