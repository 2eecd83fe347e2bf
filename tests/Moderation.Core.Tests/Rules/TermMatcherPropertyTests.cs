using CsCheck;
using Moderation.Core.Normalisation;
using Moderation.Core.Rules;

namespace Moderation.Core.Tests.Rules;

public sealed class TermMatcherPropertyTests
{
    /// <summary>
    /// One automaton for many terms finds exactly what one automaton per term finds: the shared failure
    /// transitions lose no overlapping or nested match. Small alphabets make overlaps frequent.
    /// </summary>
    [Fact]
    public void One_automaton_for_many_terms_finds_the_same_spans_as_one_per_term()
    {
        var term = Gen.OneOf(
            Gen.Char["abs"].Array[1, 4].Select(a => new string(a)),
            Gen.Char["abs"].Array[1, 3].Select(a => new string(a) + "*"),
            Gen.Char["abs"].Array[1, 3].Select(a => "*" + new string(a)),
            Gen.Char["abs"].Array[1, 3].Select(a => new string(a) + " " + new string(a)));
        var text = Gen.Char["abs AB.$1\n"].Array[0, 40].Select(a => new string(a));

        Gen.Select(term.Array[1, 8], text).Sample((terms, t) =>
        {
            var normalized = TextNormalizer.Normalize(t);
            var all = new TermMatcher(terms.Select(x => new TermEntry(x, TermAction.Reject)))
                .FindAll(normalized).Select(m => m.Span).ToHashSet();
            var each = terms
                .SelectMany(x => new TermMatcher([new TermEntry(x, TermAction.Reject)]).FindAll(normalized))
                .Select(m => m.Span).ToHashSet();

            Assert.Equal(each.OrderBy(s => s.Start).ThenBy(s => s.Length), all.OrderBy(s => s.Start).ThenBy(s => s.Length));
        }, iter: 2000);
    }
}
