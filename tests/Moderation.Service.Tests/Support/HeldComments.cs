using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.Service.Decisions;

namespace Moderation.Service.Tests.Support;

/// <summary>
/// Puts comments in the review queue as the pipeline would, with the reasons and scores a test needs
/// (the test host has no classifier models, so scores can only come this way).
/// </summary>
public sealed class HeldComments(ServiceFactory factory)
{
    private static int _sequence;

    public async Task<CommentSubmitted> HoldAsync(
        string text = "Only an idiot would say that",
        string siteId = "test",
        string? thread = null,
        string? author = null,
        double? spam = null,
        double? toxicity = null,
        string[]? codes = null,
        DateTimeOffset? heldAt = null,
        string? authorName = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var comment = CommentBuilder.Comment(text, siteId: siteId) with
        {
            ThreadId = thread ?? "article-1",
            Author = new CommentAuthor { Id = author ?? "author-1", DisplayName = authorName ?? "Reader One" },
        };
        var scores = new List<Score>();
        if (spam is { } s)
        {
            scores.Add(new Score { Name = "spam", Value = s, ModelVersion = "spam-test" });
        }

        if (toxicity is { } t)
        {
            scores.Add(new Score { Name = "toxicity", Value = t, ModelVersion = "toxicity-test" });
        }

        var reasons = (codes ?? [ReasonCodes.SuspectTerm]).Select(code => new DecisionReason
        {
            Code = code,
            Message = $"{code} matched.",
            Action = ReasonAction.Hold,
            Source = "tests",
            Evidence = code == ReasonCodes.SuspectTerm && text.Contains("idiot", StringComparison.Ordinal)
                ? [new Evidence { Text = "idiot", Start = text.IndexOf("idiot", StringComparison.Ordinal), Length = 5, Detail = "idiot" }]
                : [],
        }).ToList();
        var held = new CommentHeldForReview
        {
            DecisionId = DecisionEvents.DecisionId(DecisionKey.Of(comment)),
            CommentId = comment.CommentId,
            SiteId = comment.SiteId,
            ThreadId = comment.ThreadId,
            Revision = comment.Revision,
            Reasons = reasons,
            Scores = scores,
            PolicyVersion = "test-7",
            // Distinct, increasing times keep "newest" and "oldest" deterministic.
            DecidedAt = heldAt ?? new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero).AddSeconds(n),
            DecidedBy = DecidedBy.Pipeline,
        };
        await factory.Services.GetRequiredService<DecisionStore>().AddOrGetAsync(comment, held, CancellationToken.None);
        return comment;
    }
}
