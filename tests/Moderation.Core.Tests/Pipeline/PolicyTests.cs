using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Sites;

namespace Moderation.Core.Tests.Pipeline;

public sealed class PolicyTests
{
    private static DecisionReason Reason(string code, ReasonAction action, bool shadow = false) =>
        new() { Code = code, Message = code, Action = action, Shadow = shadow };

    private static Outcome Decide(AuthorRole role, params DecisionReason[] reasons) =>
        Policy.Outcome(reasons, role, new AuthorSettings().EffectiveTrustOverrides, out _);

    [Fact]
    public void Approves_when_nothing_holds_or_rejects() =>
        Assert.Equal(Outcome.Approved, Decide(AuthorRole.Reader, Reason(ReasonCodes.FlaggedTerm, ReasonAction.Flag)));

    [Fact]
    public void Lets_the_strongest_enforced_reason_win() =>
        Assert.Equal(Outcome.Rejected, Decide(AuthorRole.Reader, Reason(ReasonCodes.Shouting, ReasonAction.Hold), Reason(ReasonCodes.BannedTerm, ReasonAction.Reject)));

    [Fact]
    public void Never_lets_a_shadow_reason_decide() =>
        Assert.Equal(Outcome.Approved, Decide(AuthorRole.Reader, Reason(ReasonCodes.BannedTerm, ReasonAction.Reject, shadow: true)));

    [Fact]
    public void Approves_a_trusted_author_through_soft_holds_only()
    {
        var trusted = Reason(ReasonCodes.TrustedAuthor, ReasonAction.Approve);

        Assert.Equal(Outcome.Approved, Decide(AuthorRole.Reader, trusted, Reason(ReasonCodes.Shouting, ReasonAction.Hold), Reason(ReasonCodes.Spam, ReasonAction.Hold)));
        Assert.Equal(Outcome.HeldForReview, Decide(AuthorRole.Reader, trusted, Reason(ReasonCodes.Shouting, ReasonAction.Hold), Reason(ReasonCodes.Flood, ReasonAction.Hold)));
        Assert.Equal(Outcome.Rejected, Decide(AuthorRole.Reader, trusted, Reason(ReasonCodes.Spam, ReasonAction.Reject)));
    }

    [Fact]
    public void Ignores_trust_in_shadow_mode() =>
        Assert.Equal(Outcome.HeldForReview, Decide(AuthorRole.Reader, Reason(ReasonCodes.TrustedAuthor, ReasonAction.Approve, shadow: true), Reason(ReasonCodes.Shouting, ReasonAction.Hold)));

    [Fact]
    public void Holds_staff_instead_of_rejecting_them_and_says_so()
    {
        var outcome = Policy.Outcome([Reason(ReasonCodes.BannedTerm, ReasonAction.Reject)], AuthorRole.Staff, [], out var added);

        Assert.Equal(Outcome.HeldForReview, outcome);
        Assert.Equal(ReasonCodes.StaffAuthor, added!.Code);
    }
}
