using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Tests.Support;

namespace Moderation.Core.Tests.Rules;

public sealed class TextShapeRuleTests
{
    [Fact]
    public void Holds_shouting()
    {
        var result = Run.Once("THIS IS THE WORST ARTICLE I HAVE EVER READ IN MY LIFE");

        Assert.Equal(Outcome.HeldForReview, result.Outcome);
        Assert.True(result.Has(ReasonCodes.Shouting));
    }

    [Theory]
    [InlineData("NASA and the BBC report that the EU and NATO agree with the UN")]
    [InlineData("OK")]
    [InlineData("I LOVE it")]
    public void Does_not_take_acronyms_or_short_capitals_for_shouting(string text) =>
        Assert.False(Run.Once(text).Has(ReasonCodes.Shouting));

    [Theory]
    [InlineData("nooooooooooooooooooo way")]
    [InlineData("what!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂 so funny")]
    public void Holds_floods_of_one_character(string text)
    {
        var result = Run.Once(text);

        var reason = result.Reason(ReasonCodes.Shouting);
        Assert.NotNull(reason);
        var e = Assert.Single(reason.Evidence);
        Assert.Equal(text.Substring(e.Start!.Value, e.Length!.Value), e.Text);
    }

    [Fact]
    public void Does_not_take_an_ordinary_ellipsis_or_a_long_number_for_a_flood() =>
        Assert.False(Run.Once("wait... the total was 1000000 and then...").Has(ReasonCodes.Shouting));

    [Fact]
    public void Holds_text_that_is_mostly_emoji_and_symbols() =>
        Assert.True(Run.Once("🔥💰🔥💰 ★★ $$$ 💎🚀🌙 ✓✓").Has(ReasonCodes.MostlySymbols));

    [Fact]
    public void Does_not_hold_ordinary_text_with_a_few_emoji() =>
        Assert.False(Run.Once("Great piece, thanks 👍🏽 really enjoyed it 😀").Has(ReasonCodes.MostlySymbols));

    [Fact]
    public void Holds_text_in_a_script_the_site_does_not_expect()
    {
        var site = A.Site(s => s.TextShape.Scripts = ["Latin"]);

        var result = Run.Once("Купите дешёвые часы прямо сейчас", site);

        Assert.Equal("Cyrillic", Assert.Single(result.Reason(ReasonCodes.UnexpectedScript)!.Evidence).Text);
    }

    [Fact]
    public void Accepts_a_foreign_name_inside_text_in_the_site_script()
    {
        var site = A.Site(s => s.TextShape.Scripts = ["Latin"]);

        Assert.False(Run.Once("I met Дмитрий at the conference and we talked for hours", site).Has(ReasonCodes.UnexpectedScript));
    }

    [Fact]
    public void Accepts_any_script_when_the_site_names_none() =>
        Assert.False(Run.Once("Купите дешёвые часы прямо сейчас").Has(ReasonCodes.UnexpectedScript));
}
