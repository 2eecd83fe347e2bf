using Moderation.Classifiers.Scoring;
using Moderation.Classifiers.Spans;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Spans;

public sealed class SpanModelTests
{
    private static readonly Lazy<SpanModel> Shipped = new(() => SpanModelFile.Load(Path.Combine(AppContext.BaseDirectory, "Models", "spans.zip")));

    [Theory]
    [InlineData("You are a complete moron and everyone knows it.", "moron")]
    [InlineData("Only an idiot would vote for this.", "idiot")]
    [InlineData("Shut up, you pathetic loser.", "loser")]
    [InlineData("What a load of bullshit from the minister.", "bullshit")]
    [InlineData("Honestly the stupidest take I have read all week.", "stupidest")]
    public void The_shipped_span_model_marks_the_abusive_word(string comment, string abusive)
    {
        var evidence = Shipped.Value.Evidence(TextNormalizer.Normalize(comment));

        var start = comment.IndexOf(abusive, StringComparison.Ordinal);
        Assert.Contains(evidence, e => e.Start <= start && start + abusive.Length <= e.Start + e.Length);
        // It marks the abusive part, not the whole comment.
        Assert.True(evidence.Sum(e => e.Length!.Value) <= comment.Length / 2, string.Join(" | ", evidence.Select(e => e.Text)));
    }

    [Theory]
    [InlineData("Thanks for the recipe, the bread came out great.")]
    [InlineData("The mayor's plan is expensive and I doubt it will work.")]
    [InlineData("Great article, I learned a lot about the history of the harbour.")]
    [InlineData("The referee made a poor call in the second half, but we still deserved to lose.")]
    [InlineData("Could you share the source for the unemployment figures?")]
    [InlineData("This is the third time the bus has been late this week.")]
    [InlineData("I voted for him last time but I will not do it again.")]
    public void The_shipped_span_model_marks_nothing_in_a_civil_comment(string comment)
    {
        Assert.Empty(Shipped.Value.Evidence(TextNormalizer.Normalize(comment)));
    }

    [Theory]
    [InlineData("   \n\t you are an idiot", "idiot")]
    [InlineData("🙂🙂 you are an idiot", "idiot")]
    [InlineData("Café crème… you are an idiot", "idiot")]
    [InlineData("you are an i\u0301diot\u0300!", "i\u0301diot\u0300")]
    [InlineData("you are an ＩＤＩＯＴ", "ＩＤＩＯＴ")]
    [InlineData("you are an 1d10t", "1d10t")]
    public void Evidence_points_at_the_word_as_written(string comment, string written)
    {
        var evidence = Shipped.Value.Evidence(TextNormalizer.Normalize(comment));

        var e = Assert.Single(evidence);
        Assert.Equal(comment.IndexOf(written, StringComparison.Ordinal), e.Start);
        Assert.Equal(written.Length, e.Length);
        Assert.Equal(written, e.Text);
    }

    [Fact]
    public void Neighbouring_marked_words_form_one_span_across_spaces_but_not_across_a_comma()
    {
        var together = Shipped.Value.Evidence(TextNormalizer.Normalize("you stupid idiot"));
        var apart = Shipped.Value.Evidence(TextNormalizer.Normalize("you stupid, idiot"));

        Assert.Equal("stupid idiot", Assert.Single(together).Text);
        Assert.Equal(["stupid", "idiot"], apart.Select(e => e.Text));
    }

    [Fact]
    public void The_toxicity_classifier_takes_its_evidence_from_the_span_model_when_one_is_shipped()
    {
        using var withSpans = new ModelClassifier(ClassifierOptions.Default("toxicity") with { Watch = false, PollInterval = TimeSpan.Zero });
        using var without = new ModelClassifier(ClassifierOptions.Default("toxicity") with { SpanModelPath = null, Watch = false, PollInterval = TimeSpan.Zero });
        var text = TextNormalizer.Normalize("Nobody asked you, you brainless moron.");

        Assert.True(withSpans.SpansLoaded);
        Assert.Equal(Shipped.Value.Metadata.Version, withSpans.SpanMetadata!.Version);
        Assert.Equal(Shipped.Value.Evidence(text), withSpans.Score(text, Fixtures.Site)!.Explanation);
        Assert.False(without.SpansLoaded);
        Assert.All(without.Score(text, Fixtures.Site)!.Explanation, e => Assert.StartsWith("+", e.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_span_model_leaves_the_models_own_explanation_as_evidence()
    {
        using var dir = new TempDirectory();
        using var classifier = new ModelClassifier(ClassifierOptions.Default("toxicity") with { SpanModelPath = dir.File("spans.zip"), Watch = false, PollInterval = TimeSpan.Zero });

        Assert.True(classifier.IsLoaded);
        Assert.False(classifier.SpansLoaded);
        Assert.NotEmpty(classifier.Score(TextNormalizer.Normalize("you are a brainless idiot"), Fixtures.Site)!.Explanation);
    }
}
