using Moderation.Contracts;
using Moderation.Core.Normalisation;
using Moderation.Core.Sites;

namespace Moderation.Core.Rules;

/// <summary>
/// Links in the text and in the author's fields: too many links (<c>TooManyLinks</c>), links to denied
/// domains (<c>DeniedDomain</c>), links through URL shorteners (<c>UrlShortener</c>) and a link in the
/// author's display name (<c>LinkInAuthorName</c>). Links to allowed domains never count.
/// </summary>
public sealed class LinkRule : IRule
{
    public string Name => "rules/links";

    public ValueTask EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Site.Links;
        if (s.Mode == RuleMode.Off)
        {
            return ValueTask.CompletedTask;
        }

        var links = context.Text.Urls.Select(u => (Field: "text", Span: u)).ToList();
        var author = context.Comment.Author;
        if (!string.IsNullOrWhiteSpace(author.Url))
        {
            links.Add(("author.url", new TextSpan(0, author.Url.Length, author.Url)));
        }

        var counted = new List<Evidence>();
        var denied = new List<Evidence>();
        var shortened = new List<Evidence>();
        foreach (var (field, span) in links)
        {
            var host = Domains.HostOf(span.Text);
            if (host is null || Domains.FindCovering(host, s.Allow) is not null)
            {
                continue;
            }

            var evidence = new Evidence { Text = span.Text, Field = field, Start = span.Start, Length = span.Length, Detail = host };
            if (field == "text")
            {
                counted.Add(evidence);
            }

            if (Domains.FindCovering(host, s.Deny) is { } deny)
            {
                denied.Add(evidence with { Detail = deny });
            }
            else if ((s.UseBuiltInShorteners ? Domains.FindCovering(host, Domains.BuiltInShorteners) : null) is { } shortener)
            {
                shortened.Add(evidence with { Detail = shortener });
            }
            else if (Domains.FindCovering(host, s.Shorteners) is { } extra)
            {
                shortened.Add(evidence with { Detail = extra });
            }
        }

        if (counted.Count > s.MaxLinks)
        {
            Add(context, ReasonCodes.TooManyLinks, s.TooManyLinksAction, counted,
                $"The text has {counted.Count} links; this site allows {s.MaxLinks}");
        }

        if (denied.Count > 0)
        {
            Add(context, ReasonCodes.DeniedDomain, s.DenyAction, denied,
                $"Links to denied domains: {string.Join(", ", denied.Select(d => d.Detail).Distinct())}");
        }

        if (shortened.Count > 0)
        {
            Add(context, ReasonCodes.UrlShortener, s.ShortenerAction, shortened,
                $"Links through URL shorteners hide where they lead: {string.Join(", ", shortened.Select(d => d.Detail).Distinct())}");
        }

        if (!string.IsNullOrWhiteSpace(author.DisplayName))
        {
            var nameLinks = TextNormalizer.FindUrls(author.DisplayName);
            if (nameLinks.Count > 0)
            {
                Add(context, ReasonCodes.LinkInAuthorName, s.AuthorNameLinkAction,
                    nameLinks.Select(u => new Evidence { Text = u.Text, Field = "author.displayName", Start = u.Start, Length = u.Length }).ToList(),
                    "The author's display name contains a link");
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Add(RuleContext context, string code, ReasonLevel level, IReadOnlyList<Evidence> evidence, string message)
    {
        var action = RuleReasons.ToAction(level);
        context.Add(RuleReasons.Make(code, $"{message}; this site {RuleReasons.Verb(action)} them.", action, Name, context.Site.Links.Mode, evidence));
    }
}
