using System.Runtime.CompilerServices;
using Moderation.Contracts;
using Moderation.Core.Normalisation;
using Moderation.Core.Sites;

namespace Moderation.Core.Rules;

/// <summary>
/// The site's term lists: banned terms reject (<c>BannedTerm</c>), suspect terms hold (<c>SuspectTerm</c>),
/// flagged terms are reported (<c>FlaggedTerm</c>); allowed terms are exceptions. Terms match whole words
/// of the folded text, so "c1al1s" matches "cialis" while "specialist" does not. The author's display
/// name is checked too (evidence field <c>author.displayName</c>).
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

        var matches = matcher.FindAll(context.Text).Select(m => (Field: "text", Match: m)).ToList();
        if (!string.IsNullOrWhiteSpace(context.Comment.Author.DisplayName))
        {
            // Spam and abuse also travel in the name shown next to the comment ("Buy C1alis Here").
            matches.AddRange(matcher.FindAll(TextNormalizer.Normalize(context.Comment.Author.DisplayName)).Select(m => (Field: "author.displayName", Match: m)));
        }

        Report(context, matches, TermAction.Reject, ReasonCodes.BannedTerm, ReasonAction.Reject, "banned");
        Report(context, matches, TermAction.Hold, ReasonCodes.SuspectTerm, ReasonAction.Hold, "suspect");
        Report(context, matches, TermAction.Flag, ReasonCodes.FlaggedTerm, ReasonAction.Flag, "flagged");
        return ValueTask.CompletedTask;
    }

    /// <summary>The compiled automaton of a site's lists (compiled on first use, then cached).</summary>
    public TermMatcher Matcher(TermSettings settings) => _matchers.GetValue(settings, static s => new TermMatcher(s.Entries()));

    private void Report(RuleContext context, List<(string Field, TermMatch Match)> matches, TermAction which, string code, ReasonAction action, string kind)
    {
        var evidence = matches
            .Where(m => m.Match.Action == which)
            .Take(MaxEvidence)
            .Select(m => new Evidence { Text = m.Match.Span.Text, Field = m.Field, Start = m.Match.Span.Start, Length = m.Match.Span.Length, Detail = m.Match.Term })
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
