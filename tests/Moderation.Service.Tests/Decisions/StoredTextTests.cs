using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Service.Decisions;

namespace Moderation.Service.Tests.Decisions;

/// <summary>Only a text rejected for its length is stored cut; every other text is stored whole.</summary>
public sealed class StoredTextTests
{
    private static readonly string LongText = new('a', DecisionStore.TooLongTextKept + 5_000);

    [Fact]
    public void A_text_rejected_for_its_length_is_kept_to_the_limit()
    {
        var comment = Comment(LongText);

        var stored = DecisionStore.ForStorage(comment, Decision(comment, Reason(ReasonCodes.TextTooLong)));

        Assert.Equal(DecisionStore.TooLongTextKept, stored.Text.Length);
        Assert.Equal(comment.CommentId, stored.CommentId);
    }

    [Fact]
    public void A_long_text_rejected_for_something_else_is_kept_whole()
    {
        var comment = Comment(LongText);

        Assert.Same(comment, DecisionStore.ForStorage(comment, Decision(comment, Reason(ReasonCodes.BannedTerm))));
    }

    [Fact]
    public void A_length_reason_in_shadow_does_not_cut_the_text()
    {
        var comment = Comment(LongText);

        Assert.Same(comment, DecisionStore.ForStorage(comment, Decision(comment, Reason(ReasonCodes.TextTooLong) with { Shadow = true })));
    }

    private static DecisionReason Reason(string code) => new() { Code = code, Message = code, Action = ReasonAction.Reject };

    private static CommentSubmitted Comment(string text) => new()
    {
        CommentId = "c-long", SiteId = "news", ThreadId = "t-1", Text = text,
        Author = new CommentAuthor { Id = "a-1" }, SubmittedAt = DateTimeOffset.UtcNow,
    };

    private static IModerationDecision Decision(CommentSubmitted comment, DecisionReason reason) => DecisionEvents.Create(comment, new ModerationResult
    {
        Outcome = Outcome.Rejected,
        Reasons = [reason],
        Scores = [],
        PolicyVersion = "1",
        DecidedAt = DateTimeOffset.UtcNow,
    }, DecisionEvents.DecisionId(DecisionKey.Of(comment)));
}
