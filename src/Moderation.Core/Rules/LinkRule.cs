using Moderation.Contracts;

namespace Moderation.Core.Rules;

/// <summary>Holds comments with more links than the site allows.</summary>
public sealed class LinkRule : IRule
{
    public string Name => "rules/links";

    public ValueTask EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var urls = context.Text.Urls;
        var max = context.Site.Links.MaxLinks;
        if (urls.Count > max)
        {
            context.Add(new DecisionReason
            {
                Code = ReasonCodes.TooManyLinks,
                Message = $"The text has {urls.Count} links; this site holds comments with more than {max}.",
                Action = ReasonAction.Hold,
                Source = Name,
                Evidence = urls.Select(u => new Evidence { Text = u.Text, Start = u.Start, Length = u.Length }).ToList(),
            });
        }

        return ValueTask.CompletedTask;
    }
}
