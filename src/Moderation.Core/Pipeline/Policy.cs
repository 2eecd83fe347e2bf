using Moderation.Contracts;
using Moderation.Core.Classification;
using Moderation.Core.Sites;

namespace Moderation.Core.Pipeline;

/// <summary>
/// Maps reasons to an outcome. Shadow reasons never decide, flags never change the outcome.
/// <list type="number">
/// <item>Any enforced reject rejects — except a site's staff, whose comment is held instead (<c>StaffAuthor</c>).</item>
/// <item>Otherwise any enforced hold holds — unless the author is trusted (<c>TrustedAuthor</c>) and every hold
/// comes from a soft signal the site lets trust override (<see cref="AuthorSettings.EffectiveTrustOverrides"/>):
/// then the comment is approved. Trust never overrides a reject, a banned term, a flood or a campaign.</item>
/// <item>Otherwise the comment is approved.</item>
/// </list>
/// </summary>
public static class Policy
{
    /// <summary>The outcome for a reader whose trust can override the default soft signals.</summary>
    public static Outcome Outcome(IEnumerable<DecisionReason> reasons) =>
        Outcome(reasons.ToList(), AuthorRole.Reader, new AuthorSettings().EffectiveTrustOverrides, out _);

    /// <summary>The outcome, and the reason to add when the policy itself changed it (a staff member's reject held).</summary>
    public static Outcome Outcome(IReadOnlyList<DecisionReason> reasons, AuthorRole role, IReadOnlyCollection<string> trustOverrides, out DecisionReason? policyReason)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        ArgumentNullException.ThrowIfNull(trustOverrides);
        policyReason = null;
        var enforced = reasons.Where(r => !r.Shadow).ToList();
        if (enforced.Any(r => r.Action == ReasonAction.Reject))
        {
            if (role != AuthorRole.Staff)
            {
                return Pipeline.Outcome.Rejected;
            }

            policyReason = new DecisionReason
            {
                Code = ReasonCodes.StaffAuthor,
                Message = "The author is staff of this site: a comment that would be rejected is held for a moderator instead.",
                Action = ReasonAction.Hold,
                Source = "policy",
            };
            return Pipeline.Outcome.HeldForReview;
        }

        var holds = enforced.Where(r => r.Action == ReasonAction.Hold).ToList();
        if (holds.Count == 0)
        {
            return Pipeline.Outcome.Approved;
        }

        var trusted = enforced.Any(r => r.Action == ReasonAction.Approve && r.Code == ReasonCodes.TrustedAuthor);
        return trusted && holds.All(h => trustOverrides.Contains(h.Code, StringComparer.OrdinalIgnoreCase))
            ? Pipeline.Outcome.Approved
            : Pipeline.Outcome.HeldForReview;
    }

    /// <summary>
    /// The hold and reject thresholds and the reason code for a classifier task: the site's own where it set
    /// them, otherwise the model's at the site's expected rate, otherwise 0.5 and 0.95 (a model file without
    /// recommendations). Reject is never below hold.
    /// </summary>
    public static (double Hold, double Reject, string? Code) Thresholds(ThresholdSettings thresholds, string task, OperatingThresholds? model = null)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var (hold, reject, code) = task switch
        {
            "spam" => (thresholds.SpamHold, thresholds.SpamReject, ReasonCodes.Spam),
            "toxicity" => (thresholds.ToxicityHold, thresholds.ToxicityReject, ReasonCodes.Toxic),
            _ => ((double?)1, (double?)1, (string?)null),
        };
        var h = hold ?? model?.Hold ?? 0.5;
        return (h, Math.Max(h, reject ?? model?.Reject ?? 0.95), code);
    }
}
