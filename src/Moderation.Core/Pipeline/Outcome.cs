namespace Moderation.Core.Pipeline;

/// <summary>The three ways a comment can leave the pipeline.</summary>
public enum Outcome
{
    Approved,
    HeldForReview,
    Rejected,
}
