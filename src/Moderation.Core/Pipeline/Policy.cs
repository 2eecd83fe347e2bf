using Moderation.Contracts;
using Moderation.Core.Sites;

namespace Moderation.Core.Pipeline;

/// <summary>Maps reasons to an outcome: the strongest enforced reason wins; shadow reasons never decide.</summary>
public static class Policy
{
    public static Outcome Outcome(IEnumerable<DecisionReason> reasons)
    {
        var strongest = reasons.Where(r => !r.Shadow).Select(r => r.Action).DefaultIfEmpty(ReasonAction.Flag).Max();
        return strongest switch
        {
            ReasonAction.Reject => Pipeline.Outcome.Rejected,
            ReasonAction.Hold => Pipeline.Outcome.HeldForReview,
            _ => Pipeline.Outcome.Approved,
        };
    }

    /// <summary>The hold and reject thresholds and the reason code for a classifier task.</summary>
    public static (double Hold, double Reject, string? Code) Thresholds(ThresholdSettings thresholds, string task) => task switch
    {
        "spam" => (thresholds.SpamHold, thresholds.SpamReject, ReasonCodes.Spam),
        "toxicity" => (thresholds.ToxicityHold, thresholds.ToxicityReject, ReasonCodes.Toxic),
        _ => (1, 1, null),
    };
}
