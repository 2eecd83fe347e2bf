using Moderation.Contracts;
using Moderation.Core.Sites;

namespace Moderation.Core.Tests.Support;

/// <summary>Small builders for test data: <c>A.Comment("text")</c>, <c>A.Site()</c>.</summary>
public static class A
{
    private static int s_next;

    public const string SiteId = "news";

    public static CommentSubmitted Comment(string text, string author = "reader-1", string? ip = null, AuthorRole role = AuthorRole.Reader) => new()
    {
        CommentId = $"c{Interlocked.Increment(ref s_next)}",
        SiteId = SiteId,
        ThreadId = "t1",
        Text = text,
        Author = new CommentAuthor { Id = author, Ip = ip, Role = role },
        SubmittedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
    };

    public static CommentSubmitted EditOf(CommentSubmitted comment, string text) =>
        comment with { Kind = CommentKind.Edit, Revision = comment.Revision + 1, Text = text };

    /// <summary>A site with a realistic English list: banned, suspect and allowed terms.</summary>
    public static SiteSettings Site(Action<SiteSettings>? configure = null)
    {
        var site = new SiteSettings
        {
            Terms = new TermSettings
            {
                Banned = ["fuck*", "shit", "cunt", "cialis", "viagra", "ass", "cock", "sex", "dick", "penis", "clit", "twat", "kill yourself", "kys", "idiot*", "1488"],
                Suspect = ["stupid", "hell", "god", "moron"],
                Flagged = ["crypto"],
                Allowed = ["moby dick", "dick van dyke"],
            },
        };
        configure?.Invoke(site);
        return site;
    }

    public static StaticSites Sites(SiteSettings site) => new(new Dictionary<string, SiteSettings> { [SiteId] = site });
}

public sealed class StaticSites(IReadOnlyDictionary<string, SiteSettings> sites) : ISiteSettingsProvider
{
    public SiteSettings? Find(string siteId) => sites.GetValueOrDefault(siteId);
}
