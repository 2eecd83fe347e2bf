using Moderation.Contracts;
using Moderation.Core.Sites;

namespace Moderation.Core.Rules;

/// <summary>Builds reasons the same way for every rule: the site's action and the rule's mode.</summary>
internal static class RuleReasons
{
    public static ReasonAction ToAction(ReasonLevel level) => level switch
    {
        ReasonLevel.Reject => ReasonAction.Reject,
        ReasonLevel.Hold => ReasonAction.Hold,
        _ => ReasonAction.Flag,
    };

    public static string Verb(ReasonAction action) => action switch
    {
        ReasonAction.Reject => "rejects",
        ReasonAction.Hold => "holds",
        ReasonAction.Approve => "approves",
        _ => "flags",
    };

    public static DecisionReason Make(string code, string message, ReasonAction action, string source, RuleMode mode, IReadOnlyList<Evidence>? evidence = null) => new()
    {
        Code = code,
        Message = message,
        Action = action,
        Source = source,
        Shadow = mode == RuleMode.Shadow,
        Evidence = evidence ?? [],
    };
}
