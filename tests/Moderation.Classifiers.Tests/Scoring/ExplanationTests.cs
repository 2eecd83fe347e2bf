using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Scoring;

public sealed class ExplanationTests
{
    [Fact]
    public void Explanation_names_the_words_that_make_a_comment_abusive()
    {
        var text = TextNormalizer.Normalize("Thanks for the article. You are a pathetic moron and nobody wants you here.");
        var model = Fixtures.DefaultModel("toxicity");

        var evidence = model.Explain(text);

        Assert.True(model.Probability(text) > 0.5);
        Assert.Contains(evidence.Take(3), e => e.Text is "moron" or "pathetic");
        Assert.DoesNotContain(evidence, e => e.Text is "article" or "Thanks");
    }

    [Fact]
    public void Explanation_names_the_words_that_make_a_comment_spammy()
    {
        var text = TextNormalizer.Normalize("Nice post! I earn $5,000 a week from home, visit www.easy-cash-today.xyz to join");
        var model = Fixtures.DefaultModel("spam");

        var evidence = model.Explain(text);

        Assert.True(model.Probability(text) > 0.5);
        Assert.Contains(evidence, e => e.Text.Contains("easy-cash-today", StringComparison.Ordinal));
    }

    [Fact]
    public void Explanation_points_at_an_obfuscated_insult_as_the_author_wrote_it()
    {
        const string original = "honestly u r a complete 1d10t";
        var text = TextNormalizer.Normalize(original);

        var evidence = Fixtures.DefaultModel("toxicity").Explain(text);

        var insult = Assert.Single(evidence, e => e.Text == "1d10t");
        Assert.Equal(original.IndexOf("1d10t", StringComparison.Ordinal), insult.Start);
        Assert.Equal(5, insult.Length);
        Assert.StartsWith("+", insult.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_located_piece_of_evidence_is_a_span_of_the_original_text()
    {
        foreach (var row in Fixtures.Corpus("spam").Where(r => r.Label).Take(200))
        {
            var text = TextNormalizer.Normalize(row.Text);
            foreach (var e in Fixtures.DefaultModel("spam").Explain(text))
            {
                if (e.Start is { } start)
                {
                    Assert.Equal(e.Text, row.Text.Substring(start, e.Length!.Value));
                }
            }
        }
    }

    [Fact]
    public void A_violent_idiom_is_not_scored_as_a_threat()
    {
        var model = Fixtures.DefaultModel("toxicity");

        Assert.True(model.Probability(TextNormalizer.Normalize("Write to your councillor and kill the bill before Thursday")) < 0.5);
        Assert.True(model.Probability(TextNormalizer.Normalize("I will find you and kill you")) > 0.5);
    }
}
