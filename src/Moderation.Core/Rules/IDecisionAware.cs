using Moderation.Core.Pipeline;

namespace Moderation.Core.Rules;

/// <summary>A rule that wants to know how the comment it looked at was decided (to remember it).</summary>
public interface IDecisionAware
{
    ValueTask OnDecidedAsync(RuleContext context, Outcome outcome, CancellationToken cancellationToken);
}
