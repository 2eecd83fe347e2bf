using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Moderation.Contracts;
using Moderation.Core.Pipeline;

namespace Moderation.Service.Decisions;

/// <summary>Builds, serialises and reads back the decision events.</summary>
public static class DecisionEvents
{
    /// <summary>The JSON shape of events and stored comments: camelCase, enums as strings (see the contracts).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The decision id, derived from the key so that replicas racing on one submission, or a retry
    /// after a crash, name the same decision and publish the same message id.
    /// </summary>
    public static Guid DecisionId(DecisionKey key, string decider = "pipeline")
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{key.SiteId}\n{key.CommentId}\n{key.Revision}\n{decider}"));
        var guid = bytes.AsSpan(0, 16).ToArray();
        guid[7] = (byte)((guid[7] & 0x0F) | 0x80); // version 8: application-defined
        guid[8] = (byte)((guid[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(guid);
    }

    public static IModerationDecision Create(CommentSubmitted comment, ModerationResult result, Guid decisionId) => result.Outcome switch
    {
        Outcome.Approved => new CommentApproved
        {
            DecisionId = decisionId, CommentId = comment.CommentId, SiteId = comment.SiteId, ThreadId = comment.ThreadId,
            Revision = comment.Revision, Reasons = result.Reasons, Scores = result.Scores, PolicyVersion = result.PolicyVersion,
            DecidedAt = result.DecidedAt, DecidedBy = DecidedBy.Pipeline, Metadata = comment.Metadata,
        },
        Outcome.Rejected => new CommentRejected
        {
            DecisionId = decisionId, CommentId = comment.CommentId, SiteId = comment.SiteId, ThreadId = comment.ThreadId,
            Revision = comment.Revision, Reasons = result.Reasons, Scores = result.Scores, PolicyVersion = result.PolicyVersion,
            DecidedAt = result.DecidedAt, DecidedBy = DecidedBy.Pipeline, Metadata = comment.Metadata,
        },
        _ => new CommentHeldForReview
        {
            DecisionId = decisionId, CommentId = comment.CommentId, SiteId = comment.SiteId, ThreadId = comment.ThreadId,
            Revision = comment.Revision, Reasons = result.Reasons, Scores = result.Scores, PolicyVersion = result.PolicyVersion,
            DecidedAt = result.DecidedAt, DecidedBy = DecidedBy.Pipeline, Metadata = comment.Metadata,
        },
    };

    public static Outcome OutcomeOf(IModerationDecision decision) => decision switch
    {
        CommentApproved => Outcome.Approved,
        CommentRejected => Outcome.Rejected,
        CommentHeldForReview => Outcome.HeldForReview,
        _ => throw new ArgumentException($"Unknown decision type {decision.GetType().Name}.", nameof(decision)),
    };

    public static string Serialize(IModerationDecision decision) => JsonSerializer.Serialize(decision, decision.GetType(), Json);

    public static IModerationDecision Deserialize(Outcome outcome, string json) => outcome switch
    {
        Outcome.Approved => JsonSerializer.Deserialize<CommentApproved>(json, Json)!,
        Outcome.Rejected => JsonSerializer.Deserialize<CommentRejected>(json, Json)!,
        _ => JsonSerializer.Deserialize<CommentHeldForReview>(json, Json)!,
    };
}
