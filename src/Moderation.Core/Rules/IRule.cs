namespace Moderation.Core.Rules;

/// <summary>
/// One check of the rules stage. A rule adds reasons to the context; the policy decides.
/// Rules that need history (duplicates, floods) are asynchronous; pure ones return synchronously.
/// </summary>
public interface IRule
{
    /// <summary>Stable name ("rules/terms"), used for shadow mode and as the reasons' source.</summary>
    string Name { get; }

    ValueTask EvaluateAsync(RuleContext context, CancellationToken cancellationToken);
}
