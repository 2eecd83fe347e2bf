using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.Service.Decisions;

namespace Moderation.Web.Tests.Support;

/// <summary>Puts comments in the queue as the pipeline would, with chosen reasons, evidence and scores.</summary>
public static class Held
{
    public static CommentSubmitted Comment(string text, string author = "reader-1", string authorName = "Reader One", string thread = "article-1") => new()
    {
        CommentId = $"c-{Guid.NewGuid():N}"[..14],
        SiteId = "test",
        ThreadId = thread,
        ThreadUrl = $"https://news.example/{thread}",
        Text = text,
        Author = new CommentAuthor { Id = author, DisplayName = authorName, AccountAgeDays = 3 },
        SubmittedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
    };

    public static async Task<CommentSubmitted> HoldAsync(
        WebAppFactory app, CommentSubmitted comment, IEnumerable<DecisionReason> reasons, double? spam = null, double? toxicity = null, DateTimeOffset? at = null)
    {
        var scores = new List<Score>();
        if (spam is { } s)
        {
            scores.Add(new Score { Name = "spam", Value = s, ModelVersion = "spam-2026-11" });
        }

        if (toxicity is { } t)
        {
            scores.Add(new Score { Name = "toxicity", Value = t, ModelVersion = "toxicity-2026-11" });
        }

        var held = new CommentHeldForReview
        {
            DecisionId = DecisionEvents.DecisionId(DecisionKey.Of(comment)),
            CommentId = comment.CommentId,
            SiteId = comment.SiteId,
            ThreadId = comment.ThreadId,
            Revision = comment.Revision,
            Reasons = reasons.ToList(),
            Scores = scores,
            PolicyVersion = "test-7",
            DecidedAt = at ?? DateTimeOffset.UtcNow,
            DecidedBy = DecidedBy.Pipeline,
        };
        await app.Services.GetRequiredService<DecisionStore>().AddOrGetAsync(comment, held, CancellationToken.None);
        return comment;
    }

    /// <summary>A reason with its evidence found in the text, as the term rules report it.</summary>
    public static DecisionReason Reason(string code, string message, string text, ReasonAction action = ReasonAction.Hold, params string[] matches) => new()
    {
        Code = code,
        Message = message,
        Action = action,
        Source = "rules",
        Evidence = matches.Select(m => new Evidence { Text = m, Start = text.IndexOf(m, StringComparison.Ordinal), Length = m.Length, Detail = m.ToLowerInvariant() }).ToList(),
    };
}
