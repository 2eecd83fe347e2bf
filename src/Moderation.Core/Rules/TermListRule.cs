using System.Collections.Concurrent;
using Moderation.Contracts;

namespace Moderation.Core.Rules;

/// <summary>
/// Banned terms reject and suspect terms hold. Terms match whole words of the folded text,
/// so "c1al1s" matches "cialis" while "specialist" does not.
/// </summary>
public sealed class TermListRule : IRule
{
    private readonly ConcurrentDictionary<IList<string>, TermMatcher> _matchers = new(ReferenceEqualityComparer.Instance);

    public string Name => "rules/terms";

    public ValueTask EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        Match(context, context.Site.Terms.Banned, ReasonCodes.BannedTerm, ReasonAction.Reject, "banned");
        Match(context, context.Site.Terms.Suspect, ReasonCodes.SuspectTerm, ReasonAction.Hold, "suspect");
        return ValueTask.CompletedTask;
    }

    private void Match(RuleContext context, IList<string> terms, string code, ReasonAction action, string kind)
    {
        if (terms.Count == 0)
        {
            return;
        }

        // Settings objects are replaced, not mutated, when configuration reloads: cache per list instance.
        var matcher = _matchers.GetOrAdd(terms, static t => new TermMatcher(t));
        var evidence = matcher.FindAll(context.Text)
            .Select(m => new Evidence { Text = m.Span.Text, Start = m.Span.Start, Length = m.Span.Length, Detail = m.Term })
            .ToList();
        if (evidence.Count > 0)
        {
            context.Add(new DecisionReason
            {
                Code = code,
                Message = $"The text contains {evidence.Count} {kind} term(s): {string.Join(", ", evidence.Select(e => e.Detail).Distinct())}.",
                Action = action,
                Source = Name,
                Evidence = evidence,
            });
        }
    }
}
