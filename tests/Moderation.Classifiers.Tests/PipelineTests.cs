using Moderation.Classifiers.Scoring;
using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Sites;

namespace Moderation.Classifiers.Tests;

public sealed class PipelineTests
{
    [Fact]
    public async Task The_pipeline_stops_an_abusive_comment_and_says_which_words_made_it_toxic()
    {
        using var spam = new ModelClassifier(ClassifierOptions.Default("spam") with { Watch = false });
        using var toxicity = new ModelClassifier(ClassifierOptions.Default("toxicity") with { Watch = false });
        var pipeline = new ModerationPipeline([], [spam, toxicity], new OneSite(), TimeProvider.System);

        var result = await pipeline.RunAsync(Comment("@Dave you are a brainless idiot, go away"), TestContext.Current.CancellationToken);

        Assert.NotEqual(Outcome.Approved, result.Outcome);
        var toxic = Assert.Single(result.Reasons, r => r.Code == ReasonCodes.Toxic);
        Assert.Contains(toxic.Evidence, e => e.Text is "idiot" or "brainless");
        Assert.Equal(["spam", "toxicity"], result.Scores.Select(s => s.Name));
        Assert.All(result.Scores, s => Assert.False(string.IsNullOrEmpty(s.ModelVersion)));
    }

    [Fact]
    public async Task The_pipeline_approves_a_civil_comment_with_both_scores_low()
    {
        using var spam = new ModelClassifier(ClassifierOptions.Default("spam") with { Watch = false });
        using var toxicity = new ModelClassifier(ClassifierOptions.Default("toxicity") with { Watch = false });
        var pipeline = new ModerationPipeline([], [spam, toxicity], new OneSite(), TimeProvider.System);

        var result = await pipeline.RunAsync(Comment("I disagree with the council on the tram extension, the costs look far too optimistic."), TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Approved, result.Outcome);
        Assert.All(result.Scores, s => Assert.True(s.Value < 0.5, $"{s.Name} {s.Value}"));
    }

    private static CommentSubmitted Comment(string text) => new()
    {
        CommentId = "c1",
        SiteId = "news",
        ThreadId = "t1",
        Text = text,
        Author = new CommentAuthor { Id = "a1" },
    };

    private sealed class OneSite : ISiteSettingsProvider
    {
        public SiteSettings? Find(string siteId) => siteId == "news" ? new SiteSettings() : null;
    }
}
