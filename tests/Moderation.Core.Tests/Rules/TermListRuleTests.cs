using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Tests.Support;

namespace Moderation.Core.Tests.Rules;

/// <summary>
/// Evasions that must be caught, and the false friends beside them that must not be. Every row is
/// checked against the list of <see cref="A.Site"/>: banned "fuck*", "shit", "cunt", "cialis", "ass", "cock", "sex", …
/// </summary>
public sealed class TermListRuleTests
{
    [Theory]
    [InlineData("plain", "buy cialis here", "cialis", "cialis")]
    [InlineData("upper case", "BUY CIALIS", "CIALIS", "cialis")]
    [InlineData("leetspeak digits", "buy c1al1s now", "c1al1s", "cialis")]
    [InlineData("leetspeak symbols", "you are an @$$", "@$$", "ass")]
    [InlineData("leetspeak mixed", "what a 5h!t show", "5h!t", "shit")]
    [InlineData("1 standing for l", "k1ll yourself", "k1ll yourself", "kill yourself")]
    [InlineData("Cyrillic look-alikes", "buy сіаlіs", "сіаlіs", "cialis")]
    [InlineData("Greek look-alikes", "cheap viαgrα", "viαgrα", "viagra")]
    [InlineData("full-width letters", "ｆｕｃｋ off", "ｆｕｃｋ", "fuck*")]
    [InlineData("mathematical bold letters", "𝐟𝐮𝐜𝐤 off", "𝐟𝐮𝐜𝐤", "fuck*")]
    [InlineData("zero-width space inside", "fu\u200Bck off", "fu\u200Bck", "fuck*")]
    [InlineData("zero-width joiner and soft hyphen", "sh\u200Di\u00ADt", "sh\u200Di\u00ADt", "shit")]
    [InlineData("bidi override", "c\u202Eu\u202Cnt", "c\u202Eu\u202Cnt", "cunt")]
    [InlineData("accents", "fück öff", "fück", "fuck*")]
    [InlineData("combining marks (zalgo)", "f\u0338u\u0338c\u0338k\u0338", "f\u0338u\u0338c\u0338k\u0338", "fuck*")]
    [InlineData("repeated letters", "fuuuuuck", "fuuuuuck", "fuck*")]
    [InlineData("repeated doubled letters", "asssss", "asssss", "ass")]
    [InlineData("spaced letters", "f u c k you", "f u c k", "fuck*")]
    [InlineData("dotted letters", "f.u.c.k you", "f.u.c.k", "fuck*")]
    [InlineData("dashed letters", "s-h-i-t", "s-h-i-t", "shit")]
    [InlineData("spaced letters after a real one-letter word", "what a s h i t day", "s h i t", "shit")]
    [InlineData("spaced letters alone", "you a s s", "a s s", "ass")]
    [InlineData("leet symbols only", "you are an @55", "@55", "ass")]
    [InlineData("spaced letters inside a sentence", "what a f u c k i n g idiot", "f u c k i n g", "fuck*")]
    [InlineData("spaced and leet together", "s . h . 1 . t", "s . h . 1 . t", "shit")]
    [InlineData("surrounded by punctuation", "(fuck)!!!", "fuck", "fuck*")]
    [InlineData("hashtag", "#cialis", "cialis", "cialis")]
    [InlineData("wildcard suffix", "what idiots", "idiots", "idiot*")]
    [InlineData("several words with other separators", "KILL...YOURSELF", "KILL...YOURSELF", "kill yourself")]
    [InlineData("number term", "we are 1488", "1488", "1488")]
    [InlineData("look-alikes only, no Latin letter", "ѕһіт", "ѕһіт", "shit")]
    [InlineData("dotted and leet", "c.i.a.1.i.s", "c.i.a.1.i.s", "cialis")]
    [InlineData("1 for l and @ for a", "vi@gra and cia1is", "vi@gra", "viagra")]
    [InlineData("underscores", "f_u_c_k", "f_u_c_k", "fuck*")]
    [InlineData("circled letters", "ⓒⓘⓐⓛⓘⓢ", "ⓒⓘⓐⓛⓘⓢ", "cialis")]
    public void Rejects_comment_with_banned_term_behind_obfuscation(string obfuscation, string text, string evidence, string term)
    {
        var result = Run.Once(text);

        Assert.True(result.Outcome == Outcome.Rejected, $"{obfuscation}: expected a rejection");
        var found = Assert.Single(result.Reason(ReasonCodes.BannedTerm)!.Evidence, e => e.Detail == term);
        Assert.Equal(evidence, found.Text);
        Assert.Equal(evidence, text.Substring(found.Start!.Value, found.Length!.Value));
    }

    [Theory]
    [InlineData("Scunthorpe United won again")]
    [InlineData("Ask a specialist about it")]
    [InlineData("The assassin was caught in Essex, near Sussex and Middlesex")]
    [InlineData("A cocktail party in Penistone, Clitheroe and Shitterton")]
    [InlineData("Hitchcock, Hancock and Cockburn met at the peacock")]
    [InlineData("Kill the bill! They want to kill the proposal")]
    [InlineData("Dick Van Dyke starred; Moby Dick is a novel")]
    [InlineData("Skills, killers and a sextant on a unisex bench")]
    [InlineData("Pass the bass class, as I said, classic grass")]
    [InlineData("I was a ss member? No: a ss is not a word")]
    [InlineData("Good goods, the goodness of God's own country is in the godown")]
    [InlineData("Hello shell, the hellenic seashell")]
    [InlineData("In 2000 we had 1,400 members, 455 of them in 1st and 3rd grade")]
    [InlineData("It costs $5 at 10am, weighs 5kg, a 3D printer on Route 66, 1337 points")]
    [InlineData("Wow! Really!! This is great!")]
    [InlineData("A.S.A.P. and the U.S.A. and J. R. R. Tolkien")]
    [InlineData("Cumbersome documents about Dickens and Dickinson")]
    [InlineData("Привет, как дела? Всё хорошо")]
    [InlineData("Idiocy is not an idiom")]
    [InlineData("Twatt is a village in Orkney; Matsushita made radios; shiitake mushrooms")]
    [InlineData("Cockermouth, Cockfosters and Penistone are places; Dickens wrote novels")]
    [InlineData("s h i\nt: letters on two lines are not joined")]
    [InlineData("P A S S the C L A S S test, B R A S S band, G L A S S E S")]
    [InlineData("S U S S E X and E S S E X in capitals")]
    [InlineData("I a m here, a b c")]
    public void Approves_harmless_words_that_contain_or_resemble_banned_terms(string text)
    {
        var result = Run.Once(text);

        Assert.False(result.Has(ReasonCodes.BannedTerm), string.Join("; ", result.Reasons.Select(r => r.Message)));
    }

    [Fact]
    public void Holds_comment_with_suspect_term_and_says_which()
    {
        var result = Run.Once("That is a stupid idea");

        Assert.Equal(Outcome.HeldForReview, result.Outcome);
        var reason = result.Reason(ReasonCodes.SuspectTerm)!;
        Assert.Equal(ReasonAction.Hold, reason.Action);
        Assert.Equal("stupid", Assert.Single(reason.Evidence).Detail);
    }

    [Fact]
    public void Rejects_comment_whose_author_name_carries_a_banned_term()
    {
        var comment = A.Comment("nice article") with { Author = new Contracts.CommentAuthor { Id = "a", DisplayName = "Buy C1AL1S Here" } };

        var result = new Run(A.Site()).Check(comment);

        Assert.Equal(Outcome.Rejected, result.Outcome);
        var evidence = Assert.Single(result.Reason(ReasonCodes.BannedTerm)!.Evidence);
        Assert.Equal(("author.displayName", "C1AL1S", 4), (evidence.Field, evidence.Text, evidence.Start!.Value));
    }

    [Fact]
    public void Flags_comment_with_flagged_term_without_changing_the_outcome()
    {
        var result = Run.Once("I like crypto");

        Assert.Equal(Outcome.Approved, result.Outcome);
        Assert.Equal(ReasonAction.Flag, result.Reason(ReasonCodes.FlaggedTerm)!.Action);
    }

    [Fact]
    public void Does_not_hold_good_for_the_suspect_term_god_but_does_hold_goooood()
    {
        Assert.False(Run.Once("a good day").Has(ReasonCodes.SuspectTerm));
        Assert.True(Run.Once("oh my gooood").Has(ReasonCodes.SuspectTerm));
    }

    [Fact]
    public void Reports_only_shadow_reason_when_term_rule_runs_in_shadow_mode()
    {
        var result = Run.Once("buy cialis", A.Site(s => s.Terms.Mode = Core.Sites.RuleMode.Shadow));

        Assert.Equal(Outcome.Approved, result.Outcome);
        Assert.True(result.Reason(ReasonCodes.BannedTerm)!.Shadow);
    }

    [Fact]
    public void Ignores_terms_when_rule_is_off()
    {
        var result = Run.Once("buy cialis", A.Site(s => s.Terms.Mode = Core.Sites.RuleMode.Off));

        Assert.False(result.Has(ReasonCodes.BannedTerm));
    }

    [Fact]
    public void Finds_every_occurrence_with_its_original_offsets()
    {
        const string text = "Sh1t! The ʂhit and the SHIT";
        var result = Run.Once(text);

        var evidence = result.Reason(ReasonCodes.BannedTerm)!.Evidence;
        Assert.Equal(["Sh1t", "SHIT"], evidence.Select(e => e.Text).ToArray());
        Assert.All(evidence, e => Assert.Equal(e.Text, text.Substring(e.Start!.Value, e.Length!.Value)));
    }

    [Fact]
    public void Matches_thousands_of_terms_with_one_automaton()
    {
        var terms = Enumerable.Range(0, 5000).Select(i => $"term{(char)('a' + (i % 26))}{(char)('a' + (i / 26 % 26))}{(char)('a' + (i / 676))}word").Append("cialis").ToList();
        var matcher = new Core.Rules.TermMatcher(terms.Select(t => new Core.Rules.TermEntry(t, Core.Rules.TermAction.Reject)));

        var matches = matcher.FindAll(Core.Normalisation.TextNormalizer.Normalize("no termzzzword but c1alis and TERMqcdword"));

        Assert.Equal(5001, matcher.Count);
        Assert.Equal(["cialis", "termqcdword"], matches.Select(m => m.Term).ToArray());
    }
}
