namespace Moderation.Core.Normalisation;

/// <summary>
/// The folded text as a stream of words for matching: letters and digits only, one space between
/// words, runs of a repeated letter collapsed to one entry that keeps its count, "l" read as "i"
/// (so "1" can stand for either), and spaced-out letters ("f u c k", "f.u.c.k") joined into one word.
/// Each entry knows its span in the original text.
/// </summary>
/// <remarks>
/// Joined letters form one word: a term must match the whole group, except that the group may
/// start with real one-letter words ("a", "i", …: "what a f u c k i n g idiot" contains "fucking").
/// So "P A S S" and "C L A S S" do not contain "ass", and a single letter is never glued to a real
/// word ("a ss" stays two words), because only runs of at least <see cref="MinSpacedLetters"/>
/// single letters form a group.
/// </remarks>
internal sealed class MatchText
{
    public const byte WordStart = 1;
    public const byte WordEnd = 2;

    /// <summary>Fewest spaced single letters that are read as one word.</summary>
    public const int MinSpacedLetters = 3;

    /// <summary>Letters that are words on their own in English and Romance languages ("a", "I", "y", "o", "e", "à").</summary>
    private const string OneLetterWords = "aioeyu";

    /// <summary>Longest gap between spaced letters ("f . u" has three).</summary>
    private const int MaxSpacedGap = 3;

    private MatchText(int capacity)
    {
        Chars = new char[capacity];
        Runs = new byte[capacity];
        Flags = new byte[capacity];
        Start = new int[capacity];
        End = new int[capacity];
    }

    /// <summary>The entries: a letter or digit, or ' ' between words.</summary>
    public char[] Chars { get; }

    /// <summary>How often the entry's letter was repeated in a row (0 for the space between words).</summary>
    public byte[] Runs { get; }

    /// <summary><see cref="WordStart"/> and <see cref="WordEnd"/>.</summary>
    public byte[] Flags { get; }

    /// <summary>Offset of the entry in the original text.</summary>
    public int[] Start { get; }

    /// <summary>End of the entry in the original text (exclusive).</summary>
    public int[] End { get; }

    public int Length { get; private set; }

    public static char Skeleton(char c) => c == 'l' ? 'i' : c;

    public static MatchText Build(NormalizedText text)
    {
        var folded = text.Folded;
        var words = new List<(int From, int To)>(folded.Length / 4);
        for (var i = 0; i < folded.Length;)
        {
            if (!char.IsLetterOrDigit(folded[i]))
            {
                i++;
                continue;
            }

            var from = i;
            while (i < folded.Length && char.IsLetterOrDigit(folded[i]))
            {
                i++;
            }

            words.Add((from, i));
        }

        var m = new MatchText(folded.Length + words.Count + 1);
        var w = 0;
        while (w < words.Count)
        {
            var groupEnd = SpacedGroupEnd(folded, words, w);
            if (m.Length > 0)
            {
                m.Append(' ', 0, m.End[m.Length - 1], m.End[m.Length - 1], 0);
            }

            if (groupEnd - w >= MinSpacedLetters)
            {
                var wordStart = m.Length;
                var leading = true; // still within the group's leading one-letter words
                for (var k = w; k < groupEnd; k++)
                {
                    m.AppendLetter(text, words[k].From, wordStart, leading ? WordStart : (byte)0);
                    leading &= OneLetterWords.Contains(folded[words[k].From], StringComparison.Ordinal);
                }

                m.Flags[m.Length - 1] |= WordEnd;
                w = groupEnd;
                continue;
            }

            var (from, to) = words[w];
            var start = m.Length;
            for (var i = from; i < to; i++)
            {
                m.AppendLetter(text, i, start, 0);
            }

            m.Flags[start] |= WordStart;
            m.Flags[m.Length - 1] |= WordEnd;
            w++;
        }

        return m;
    }

    /// <summary>The index after the last word of a run of spaced single letters starting at <paramref name="w"/>.</summary>
    private static int SpacedGroupEnd(string folded, List<(int From, int To)> words, int w)
    {
        var end = w;
        while (end < words.Count && IsSingleLetter(folded, words[end]))
        {
            if (end > w && !IsSpacedGap(folded, words[end - 1].To, words[end].From))
            {
                break;
            }

            end++;
        }

        return end;
    }

    private static bool IsSingleLetter(string folded, (int From, int To) word) =>
        word.To - word.From == 1 && char.IsLetter(folded[word.From]);

    private static bool IsSpacedGap(string folded, int from, int to)
    {
        if (to - from > MaxSpacedGap)
        {
            return false;
        }

        for (var i = from; i < to; i++)
        {
            if (folded[i] is '\n' or '\r')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends folded character <paramref name="i"/>, merging it into the previous entry of the same word when it repeats.</summary>
    private void AppendLetter(NormalizedText text, int i, int wordStart, byte flags)
    {
        var c = Skeleton(text.Folded[i]);
        if (Length > wordStart && Chars[Length - 1] == c)
        {
            var last = Length - 1;
            if (Runs[last] < byte.MaxValue)
            {
                Runs[last]++;
            }

            End[last] = Math.Max(End[last], text.OriginalEnd(i));
            Flags[last] |= flags;
            return;
        }

        Append(c, 1, text.OriginalStart(i), text.OriginalEnd(i), flags);
    }

    private void Append(char c, byte run, int start, int end, byte flags)
    {
        Chars[Length] = c;
        Runs[Length] = run;
        Start[Length] = start;
        End[Length] = end;
        Flags[Length] = flags;
        Length++;
    }
}
