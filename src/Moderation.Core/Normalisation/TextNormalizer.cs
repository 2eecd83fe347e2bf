using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Moderation.Core.Normalisation;

/// <summary>
/// Turns a comment into text that rules can match reliably: NFKC, case folding, invisible
/// characters removed, diacritics stripped, look-alike letters and leetspeak folded to ASCII.
/// Works one code point at a time so that each folded character knows where it came from.
/// </summary>
public static partial class TextNormalizer
{
    public static NormalizedText Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = new StringBuilder(text.Length);
        var start = new List<int>(text.Length);
        var end = new List<int>(text.Length);
        Span<char> one = stackalloc char[2];

        for (var i = 0; i < text.Length;)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var codePoint = text.AsSpan(i, width);
            if (!IsInvisible(codePoint))
            {
                foreach (var c in Fold(codePoint))
                {
                    folded.Append(c);
                    start.Add(i);
                    end.Add(i + width);
                }
            }

            i += width;
        }

        return new NormalizedText(text, folded.ToString(), [.. start], [.. end], FindUrls(text), FindEmails(text));
    }

    /// <summary>Folds a term of a list the same way the text is folded, so the two can be compared.</summary>
    public static string FoldTerm(string term) => Normalize(term).Folded;

    private static bool IsInvisible(ReadOnlySpan<char> codePoint)
    {
        if (codePoint.Length != 1)
        {
            return false;
        }

        var c = codePoint[0];
        if (c is '\n' or '\r' or '\t')
        {
            return false;
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            || c is '\u034F' or '\u115F' or '\u1160' or '\u3164' or '\uFFA0';
    }

    private static string Fold(ReadOnlySpan<char> codePoint)
    {
        var s = codePoint.ToString();
        if (s.Length == 1 && s[0] < 0x80)
        {
            return FoldAscii(char.ToLowerInvariant(s[0])).ToString();
        }

        // NFKC turns full-width and stylised letters (𝐟, ｆ) into plain ones; NFD then splits off accents.
        s = s.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(Confusables.TryGetValue(c, out var plain) ? plain : FoldAscii(c));
        }

        return sb.ToString();
    }

    private static char FoldAscii(char c) => c switch
    {
        '0' => 'o',
        '1' or '!' or '|' => 'i',
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '7' or '+' => 't',
        _ => c,
    };

    /// <summary>Cyrillic and Greek letters that readers take for Latin ones.</summary>
    private static readonly Dictionary<char, char> Confusables = new()
    {
        ['а'] = 'a', ['в'] = 'b', ['с'] = 'c', ['е'] = 'e', ['ё'] = 'e', ['һ'] = 'h', ['і'] = 'i', ['ї'] = 'i',
        ['ј'] = 'j', ['к'] = 'k', ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p', ['ѕ'] = 's', ['т'] = 't',
        ['у'] = 'y', ['х'] = 'x', ['ԁ'] = 'd', ['ԛ'] = 'q', ['ԝ'] = 'w', ['ɡ'] = 'g', ['ı'] = 'i',
        ['α'] = 'a', ['β'] = 'b', ['ε'] = 'e', ['η'] = 'n', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o',
        ['ρ'] = 'p', ['τ'] = 't', ['υ'] = 'u', ['χ'] = 'x', ['ω'] = 'w', ['ς'] = 's', ['σ'] = 'o',
    };

    private static List<TextSpan> FindUrls(string text) =>
        UrlPattern().Matches(text).Select(m => new TextSpan(m.Index, m.Length, m.Value)).ToList();

    private static List<TextSpan> FindEmails(string text) =>
        EmailPattern().Matches(text).Select(m => new TextSpan(m.Index, m.Length, m.Value)).ToList();

    // A scheme or "www.", or a bare domain with a common top-level domain followed by a boundary.
    [GeneratedRegex(@"\b(?:(?:https?|ftp)://|www\.)[^\s<>""']+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|io|co|ru|cn|xyz|top|ly|me|tk|site|online|shop|club|link|click|app|dev|uk|de|fr)\b(?:/[^\s<>""']*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex EmailPattern();
}
