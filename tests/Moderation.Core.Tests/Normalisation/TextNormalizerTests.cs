using CsCheck;
using Moderation.Core.Normalisation;
using Moderation.Core.Rules;
using Moderation.Core.Tests.Support;

namespace Moderation.Core.Tests.Normalisation;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("HeLLo", "hello")]
    [InlineData("ｆｕｌｌ　ｗｉｄｔｈ", "full width")]
    [InlineData("𝐛𝐨𝐥𝐝 𝘪𝘵𝘢𝘭𝘪𝘤", "bold italic")]
    [InlineData("Ⓒⓘⓡⓒⓛⓔⓓ", "circled")]
    [InlineData("ﬁne", "fine")]
    [InlineData("Straße", "strasse")]
    [InlineData("café naïve Ångström", "cafe naive angstrom")]
    [InlineData("zero\u200Bwidth\u200C\u200D\u2060\uFEFF", "zerowidth")]
    [InlineData("bi\u202Edi\u202C\u2066x\u2069", "bidix")]
    [InlineData("soft\u00ADhyphen", "softhyphen")]
    [InlineData("bell\u0007and\u007Fdelete\u001B", "bellanddelete")]
    [InlineData("tag\U000E0041s", "tags")]
    [InlineData("z\u0351\u0361a\u0489lgo", "zalgo")]
    public void Folds_case_width_styles_accents_and_invisible_characters(string text, string folded) =>
        Assert.Equal(folded, TextNormalizer.Normalize(text).Folded);

    [Theory]
    [InlineData("pаypаl", "paypal")] // Cyrillic а inside a Latin word
    [InlineData("ѕһіт", "shit")] // look-alikes only
    [InlineData("αpple", "apple")] // Greek alpha inside a Latin word
    [InlineData("Привет мир", "привет мир")] // real Russian keeps its letters
    [InlineData("Καλημέρα", "καλημερα")] // real Greek keeps its letters
    public void Folds_look_alike_letters_only_where_they_pretend_to_be_Latin(string text, string folded) =>
        Assert.Equal(folded, TextNormalizer.Normalize(text).Folded);

    [Theory]
    [InlineData("h3ll0 w0rld", "hello world")]
    [InlineData("c1al1s", "cialis")]
    [InlineData("a$$ and @ss", "ass and ass")]
    [InlineData("sh!t", "shit")]
    [InlineData("wow!", "wow!")]
    [InlineData("here!! !diot", "here!! idiot")]
    [InlineData("In 2000, 1,400 of 455", "in 2000, 1,400 of 455")]
    [InlineData("1st 2nd 3rd 4th 10am 5kg 3d 100s", "1st 2nd 3rd 4th 10am 5kg 3d 100s")]
    [InlineData("$5 and $100 !!!", "$5 and $100 !!!")]
    [InlineData("c++ and +1", "c++ and +1")]
    public void Folds_leetspeak_in_words_but_not_in_numbers_or_punctuation(string text, string folded) =>
        Assert.Equal(folded, TextNormalizer.Normalize(text).Folded);

    [Fact]
    public void Maps_every_folded_character_back_to_what_the_author_wrote()
    {
        const string text = "ｆ\u200Bü𝐜k";
        var n = TextNormalizer.Normalize(text);

        Assert.Equal("fuck", n.Folded);
        Assert.Equal(text, n.ToOriginal(0, 4).Text);
        Assert.Equal("𝐜", n.ToOriginal(2, 1).Text);
    }

    [Fact]
    public void Finds_links_and_emails_in_the_original_text()
    {
        var n = TextNormalizer.Normalize("See https://bit.ly/x and example.com, mail me@example.org");

        Assert.Equal(["https://bit.ly/x", "example.com", "example.org"], n.Urls.Select(u => u.Text).ToArray());
        Assert.Equal("me@example.org", Assert.Single(n.Emails).Text);
    }

    private static readonly Gen<string> Tricky = Gen.OneOf(
        Gen.Char.Array[0, 80].Select(a => new string(a)),
        Gen.OneOf<string>("f", "u", "c", "k", " ", ".", "1", "0", "@", "$", "!", "|", "+", "\u200B", "\u202E", "\u0301", "а", "ο", "ß", "İ", "ﬁ", "𝐟", "\uD835", "\uDC1F", "\n", "ｆ", "️", "👍🏽", "a", "s", "5", "l", "*", "-")
            .Array[0, 60].Select(a => string.Concat(a)));

    [Fact]
    public void Normalisation_never_throws_and_every_folded_character_points_inside_the_original() =>
        Tricky.Sample(text =>
        {
            var n = TextNormalizer.Normalize(text);
            for (var i = 0; i < n.Folded.Length; i++)
            {
                var start = n.OriginalStart(i);
                var end = n.OriginalEnd(i);
                Assert.InRange(start, 0, text.Length - 1);
                Assert.InRange(end, start + 1, text.Length);
            }

            _ = n.Urls;
            _ = n.Emails;
        }, iter: 3000);

    [Fact]
    public void Evidence_offsets_always_point_inside_the_original_text()
    {
        var matcher = new TermMatcher(
            new[] { "fuck*", "ass", "as", "*uck", "s", "ff", "kill you", "ass ass" }.Select(t => new TermEntry(t, TermAction.Reject)));
        Tricky.Sample(text =>
        {
            foreach (var m in matcher.FindAll(TextNormalizer.Normalize(text)))
            {
                Assert.InRange(m.Span.Start, 0, text.Length - 1);
                Assert.InRange(m.Span.Length, 1, text.Length - m.Span.Start);
                Assert.Equal(text.Substring(m.Span.Start, m.Span.Length), m.Span.Text);
            }
        }, iter: 3000);
    }

    [Fact]
    public async Task The_whole_pipeline_never_throws_on_any_text()
    {
        var run = new Run(A.Site(s =>
        {
            s.Duplicates.Mode = Core.Sites.RuleMode.Enforce;
            s.Flood.Mode = Core.Sites.RuleMode.Enforce;
            s.Authors.Mode = Core.Sites.RuleMode.Enforce;
            s.TextShape.Scripts = ["Latin"];
        }));
        var texts = Tricky.Array[200].Single();
        foreach (var text in texts)
        {
            var result = await run.CheckAsync(A.Comment(text, ip: "203.0.113.7"));
            Assert.All(result.Reasons.SelectMany(r => r.Evidence).Where(e => e.Field == "text" && e.Start is not null), e =>
                Assert.Equal(text.Substring(e.Start!.Value, e.Length!.Value), e.Text));
        }
    }
}
