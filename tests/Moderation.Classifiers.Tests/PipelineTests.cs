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

    [Theory]
    [InlineData(0.3, 0)]
    [InlineData(0.7, 1)]
    public async Task An_explanation_is_worked_out_only_for_a_score_that_becomes_a_reason(double probability, int explained)
    {
        var classifier = new CountingClassifier(probability);
        var pipeline = new ModerationPipeline([], [classifier], new OneSite(), TimeProvider.System);

        var result = await pipeline.RunAsync(Comment("Some text."), TestContext.Current.CancellationToken);

        Assert.Equal(explained, classifier.Explained);
        Assert.Equal(explained, result.Reasons.Count(r => r.Evidence.Any(e => e.Text == "word")));
    }

    [Theory]
    [InlineData(0.2, Outcome.Approved)]
    [InlineData(0.5, Outcome.HeldForReview)]
    [InlineData(0.85, Outcome.Rejected)]
    public async Task A_site_without_thresholds_of_its_own_uses_the_models_at_its_expected_rate(double probability, Outcome expected)
    {
        var classifier = new CountingClassifier(probability, new Core.Classification.OperatingThresholds(0.3, 0.8));
        var site = new SiteSettings { ExpectedRates = new ExpectedRateSettings { Toxicity = 0.02 } };
        var pipeline = new ModerationPipeline([], [classifier], new OneSite(site), TimeProvider.System);

        var result = await pipeline.RunAsync(Comment("Some text."), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(new Core.Classification.ScoringContext("news", 0.02), classifier.AskedWith);
    }

    [Fact]
    public async Task A_threshold_the_site_sets_overrides_the_models_and_the_other_stays_the_models()
    {
        var classifier = new CountingClassifier(0.85, new Core.Classification.OperatingThresholds(0.3, 0.8));
        var site = new SiteSettings { Thresholds = new ThresholdSettings { ToxicityHold = 0.6 } };
        var pipeline = new ModerationPipeline([], [classifier], new OneSite(site), TimeProvider.System);

        Assert.Equal(Outcome.Rejected, (await pipeline.RunAsync(Comment("Some text."), TestContext.Current.CancellationToken)).Outcome);
        site.Thresholds.ToxicityReject = 0.9;
        Assert.Equal(Outcome.HeldForReview, (await pipeline.RunAsync(Comment("Some text."), TestContext.Current.CancellationToken)).Outcome);
        site.Thresholds.ToxicityHold = 0.9;
        Assert.Equal(Outcome.Approved, (await pipeline.RunAsync(Comment("Some text."), TestContext.Current.CancellationToken)).Outcome);
    }

    /// <summary>A toxicity score fixed in advance, counting how often its explanation is asked for.</summary>
    private sealed class CountingClassifier(double probability, Core.Classification.OperatingThresholds? thresholds = null) : Core.Classification.IClassifier
    {
        public int Explained { get; private set; }

        public Core.Classification.ScoringContext? AskedWith { get; private set; }

        public string Task => "toxicity";

        public Core.Classification.ClassifierResult Score(Core.Normalisation.NormalizedText text, Core.Classification.ScoringContext context)
        {
            AskedWith = context;
            return new(probability, "test-1", () =>
            {
                Explained++;
                return [new Evidence { Text = "word", Field = "text", Start = 0, Length = 4 }];
            })
            {
                Thresholds = thresholds,
            };
        }
    }

    private static CommentSubmitted Comment(string text) => new()
    {
        CommentId = "c1",
        SiteId = "news",
        ThreadId = "t1",
        Text = text,
        Author = new CommentAuthor { Id = "a1" },
    };

    private sealed class OneSite(SiteSettings? settings = null) : ISiteSettingsProvider
    {
        public SiteSettings? Find(string siteId) => siteId == "news" ? settings ?? new SiteSettings() : null;
    }
}
