using System.Runtime.CompilerServices;
using Moderation.Contracts;
using Moderation.Core.Sites;

namespace Moderation.Core.Rules;

/// <summary>
/// The site's term lists: banned terms reject (<c>BannedTerm</c>), suspect terms hold (<c>SuspectTerm</c>),
/// flagged terms are reported (<c>FlaggedTerm</c>); allowed terms are exceptions. Terms match whole words
/// of the folded text, so "c1al1s" matches "cialis" while "specialist" does not.
/// </summary>
public sealed class TermListRule : IRule
{
    /// <summary>Most evidence spans reported per reason.</summary>
    private const int MaxEvidence = 20;

    // Settings objects are replaced, not mutated, when configuration reloads: compile once per instance.
    private readonly ConditionalWeakTable<TermSettings, TermMatcher> _matchers = [];

    public string Name => "rules/terms";

    public ValueTask EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Site.Terms;
        if (settings.Mode == RuleMode.Off)
        {
            return ValueTask.CompletedTask;
        }

        var matcher = Matcher(settings);
        if (matcher.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var matches = matcher.FindAll(context.Text);
        Report(context, matches, TermAction.Reject, ReasonCodes.BannedTerm, ReasonAction.Reject, "banned");
        Report(context, matches, TermAction.Hold, ReasonCodes.SuspectTerm, ReasonAction.Hold, "suspect");
        Report(context, matches, TermAction.Flag, ReasonCodes.FlaggedTerm, ReasonAction.Flag, "flagged");
        return ValueTask.CompletedTask;
    }

    /// <summary>The compiled automaton of a site's lists (compiled on first use, then cached).</summary>
    public TermMatcher Matcher(TermSettings settings) => _matchers.GetValue(settings, static s => new TermMatcher(s.Entries()));

    private void Report(RuleContext context, IReadOnlyList<TermMatch> matches, TermAction which, string code, ReasonAction action, string kind)
    {
        var evidence = matches
            .Where(m => m.Action == which)
            .Take(MaxEvidence)
            .Select(m => new Evidence { Text = m.Span.Text, Start = m.Span.Start, Length = m.Span.Length, Detail = m.Term })
            .ToList();
        if (evidence.Count == 0)
        {
            return;
        }

        var terms = string.Join(", ", evidence.Select(e => e.Detail).Distinct());
        context.Add(RuleReasons.Make(
            code,
            $"The text contains {kind} term(s) of this site's list: {terms}.",
            action,
            Name,
            context.Site.Terms.Mode,
            evidence));
    }
}
