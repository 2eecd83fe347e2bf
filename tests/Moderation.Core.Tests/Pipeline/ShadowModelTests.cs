using Moderation.Contracts;
using Moderation.Core.Classification;
using Moderation.Core.Normalisation;
using Moderation.Core.Pipeline;
using Moderation.Core.Tests.Support;

namespace Moderation.Core.Tests.Pipeline;

/// <summary>A site's model on trial rides along with the serving model's score: reported, never deciding.</summary>
public sealed class ShadowModelTests
{
    [Fact]
    public async Task A_shadow_models_score_and_reason_are_reported_as_shadow_and_do_not_decide()
    {
        var classifier = new Fixed("toxicity", new ClassifierResult(0.1, "shipped-1", []).WithShadow(new ClassifierResult(0.97, "site-2", [])));
        var pipeline = new ModerationPipeline([], [classifier], A.Sites(A.Site(s => { s.Thresholds.ToxicityHold = 0.5; s.Thresholds.ToxicityReject = 0.99; })), TimeProvider.System);

        var result = await pipeline.RunAsync(A.Comment("a perfectly fine comment"), TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Approved, result.Outcome);
        Assert.Equal([("shipped-1", false, 0.1), ("site-2", true, 0.97)], result.Scores.Select(s => (s.ModelVersion, s.Shadow, s.Value)));
        var reason = Assert.Single(result.Reasons);
        Assert.Equal((ReasonCodes.Toxic, true, ReasonAction.Hold), (reason.Code, reason.Shadow, reason.Action));
        Assert.Contains("site-2", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_serving_models_reason_still_decides_beside_a_shadow_that_would_approve()
    {
        var classifier = new Fixed("toxicity", new ClassifierResult(0.9, "shipped-1", []).WithShadow(new ClassifierResult(0.02, "site-2", [])));
        var pipeline = new ModerationPipeline([], [classifier], A.Sites(A.Site(s => { s.Thresholds.ToxicityHold = 0.5; s.Thresholds.ToxicityReject = 0.99; })), TimeProvider.System);

        var result = await pipeline.RunAsync(A.Comment("a perfectly fine comment"), TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.HeldForReview, result.Outcome);
        Assert.Equal([false, true], result.Scores.Select(s => s.Shadow));
        Assert.False(Assert.Single(result.Reasons).Shadow);
    }

    private sealed class Fixed(string task, ClassifierResult result) : IClassifier
    {
        public string Task => task;

        public ClassifierResult? Score(NormalizedText text, ScoringContext context) => result;
    }
}
