namespace Moderation.Classifiers.Features;

/// <summary>The words of a folded text: runs of letters and digits, with stars and apostrophes inside a word ("f**k", "don't").</summary>
internal static class FoldedWords
{
    /// <summary>The next word at or after <paramref name="position"/>, which moves past it; false when there is none. Allocates nothing.</summary>
    public static bool Next(string folded, ref int position, out int start, out int length)
    {
        var i = position;
        while (i < folded.Length && !char.IsLetterOrDigit(folded[i]))
        {
            i++;
        }

        if (i == folded.Length)
        {
            position = i;
            (start, length) = (0, 0);
            return false;
        }

        start = i;
        while (i < folded.Length)
        {
            if (char.IsLetterOrDigit(folded[i]))
            {
                i++;
                continue;
            }

            var k = i;
            while (k < folded.Length && folded[k] is '*' or '\'' or '’')
            {
                k++;
            }

            if (k == i || k == folded.Length || !char.IsLetterOrDigit(folded[k]))
            {
                break;
            }

            i = k;
        }

        length = i - start;
        position = i;
        return true;
    }
}
