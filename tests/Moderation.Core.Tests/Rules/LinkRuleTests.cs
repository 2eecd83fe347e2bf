using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Rules;
using Moderation.Core.Sites;
using Moderation.Core.Tests.Support;

namespace Moderation.Core.Tests.Rules;

public sealed class LinkRuleTests
{
    private static SiteSettings Site(Action<LinkSettings>? links = null) => A.Site(s =>
    {
        s.Links.MaxLinks = 2;
        s.Links.Allow = ["example.org"];
        s.Links.Deny = ["casino.com", "pills.example"];
        links?.Invoke(s.Links);
    });

    [Fact]
    public void Holds_comment_with_more_links_than_the_site_allows()
    {
        var result = Run.Once("see a.com, b.net and https://c.io/x", Site());

        Assert.Equal(Outcome.HeldForReview, result.Outcome);
        Assert.Equal(3, result.Reason(ReasonCodes.TooManyLinks)!.Evidence.Count);
    }

    [Fact]
    public void Does_not_count_links_to_allowed_domains_or_their_subdomains()
    {
        var result = Run.Once("see example.org, docs.example.org/a, https://www.example.org and a.com", Site());

        Assert.False(result.Has(ReasonCodes.TooManyLinks));
    }

    [Theory]
    [InlineData("win at casino.com today")]
    [InlineData("win at https://www.casino.com/?ref=1")]
    [InlineData("win at https://eu.casino.com/")]
    [InlineData("buy at http://shop.pills.example/x")]
    public void Rejects_links_to_denied_domains_and_their_subdomains(string text)
    {
        var result = Run.Once(text, Site());

        Assert.Equal(Outcome.Rejected, result.Outcome);
        Assert.True(result.Has(ReasonCodes.DeniedDomain));
    }

    [Theory]
    [InlineData("notcasino.com is fine")]
    [InlineData("casino.com.example.net is fine")]
    public void Does_not_deny_domains_that_only_end_with_the_same_letters(string text) =>
        Assert.False(Run.Once(text, Site()).Has(ReasonCodes.DeniedDomain));

    [Theory]
    [InlineData("https://bit.ly/3xYz")]
    [InlineData("tinyurl.com/abc")]
    [InlineData("http://t.co/abc")]
    public void Holds_links_through_url_shorteners(string text)
    {
        var result = Run.Once($"look {text}", Site());

        Assert.Equal(Outcome.HeldForReview, result.Outcome);
        Assert.True(result.Has(ReasonCodes.UrlShortener));
    }

    [Fact]
    public void Holds_links_through_shorteners_the_site_adds()
    {
        var result = Run.Once("look https://sho.rt/abc", Site(l => l.Shorteners = ["sho.rt"]));

        Assert.True(result.Has(ReasonCodes.UrlShortener));
    }

    [Fact]
    public void Holds_comment_whose_author_name_is_a_link()
    {
        var comment = A.Comment("nice article") with { Author = new CommentAuthor { Id = "a", DisplayName = "Cheap pills www.pills-shop.com" } };

        var result = new Run(Site()).Check(comment);

        Assert.Equal(Outcome.HeldForReview, result.Outcome);
        Assert.Equal("author.displayName", Assert.Single(result.Reason(ReasonCodes.LinkInAuthorName)!.Evidence).Field);
    }

    [Fact]
    public void Rejects_comment_whose_author_url_is_a_denied_domain_but_not_one_with_an_ordinary_homepage()
    {
        var spam = A.Comment("nice article") with { Author = new CommentAuthor { Id = "a", Url = "https://casino.com/bonus" } };
        var blog = A.Comment("nice article") with { Author = new CommentAuthor { Id = "b", Url = "https://my-blog.example.net" } };

        Assert.Equal("author.url", Assert.Single(new Run(Site()).Check(spam).Reason(ReasonCodes.DeniedDomain)!.Evidence).Field);
        Assert.Equal(Outcome.Approved, new Run(Site()).Check(blog).Outcome);
    }

    [Theory]
    [InlineData("HTTPS://WWW.Example.COM:8080/path?q", "example.com")]
    [InlineData("user:pw@evil.com/x", "evil.com")]
    [InlineData("bit.ly", "bit.ly")]
    public void Takes_the_host_of_a_link_in_lower_case_without_www_port_or_user(string link, string host) =>
        Assert.Equal(host, Domains.HostOf(link));
}
