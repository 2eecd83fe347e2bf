using Moderation.Contracts;
using Moderation.Core.Pipeline;

namespace Moderation.Service.Decisions;

/// <summary>The key every decision is idempotent by.</summary>
public readonly record struct DecisionKey(string SiteId, string CommentId, int Revision)
{
    public static DecisionKey Of(CommentSubmitted comment) => new(comment.SiteId, comment.CommentId, comment.Revision);
}

/// <summary>A decision as stored: the event exactly as it is (re)published, and whether it has been.</summary>
public sealed record StoredDecision(DecisionKey Key, Outcome Outcome, IModerationDecision Event, DateTimeOffset? PublishedAt);
