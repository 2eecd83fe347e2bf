using Moderation.Core.Normalisation;

namespace Moderation.Core.Rules;

/// <summary>
/// Finds terms in folded text on word boundaries. A term of several words matches the same
/// words separated by any non-letters.
/// </summary>
public sealed class TermMatcher
{
    private readonly Dictionary<string, List<(string[] Words, string Term)>> _byFirstWord = new(StringComparer.Ordinal);

    public TermMatcher(IEnumerable<string> terms)
    {
        foreach (var term in terms)
        {
            var words = Words(TextNormalizer.FoldTerm(term)).Select(w => w.Word).ToArray();
            if (words.Length == 0)
            {
                continue;
            }

            if (!_byFirstWord.TryGetValue(words[0], out var list))
            {
                _byFirstWord[words[0]] = list = [];
            }

            list.Add((words, term));
        }
    }

    public IEnumerable<(TextSpan Span, string Term)> FindAll(NormalizedText text)
    {
        var words = Words(text.Folded).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            if (!_byFirstWord.TryGetValue(words[i].Word, out var candidates))
            {
                continue;
            }

            foreach (var (termWords, term) in candidates)
            {
                if (i + termWords.Length > words.Count)
                {
                    continue;
                }

                var matches = true;
                for (var k = 1; k < termWords.Length && matches; k++)
                {
                    matches = words[i + k].Word == termWords[k];
                }

                if (matches)
                {
                    var last = words[i + termWords.Length - 1];
                    yield return (text.ToOriginal(words[i].Start, last.Start + last.Word.Length - words[i].Start), term);
                }
            }
        }
    }

    private static IEnumerable<(string Word, int Start)> Words(string folded)
    {
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return (folded[start..i], start);
                start = -1;
            }
        }
    }
}
