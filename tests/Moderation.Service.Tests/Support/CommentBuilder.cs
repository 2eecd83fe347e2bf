using Moderation.Contracts;

namespace Moderation.Service.Tests.Support;

/// <summary>Builds submissions for the "test" site with unique ids unless told otherwise.</summary>
public static class CommentBuilder
{
    public static CommentSubmitted Comment(string text, string? commentId = null, string siteId = "test") => new()
    {
        CommentId = commentId ?? $"c-{Guid.NewGuid():N}",
        SiteId = siteId,
        ThreadId = "article-1",
        ThreadUrl = "https://news.example/article-1",
        Text = text,
        Author = new CommentAuthor { Id = "author-1", DisplayName = "Reader One" },
        SubmittedAt = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero),
    };
}
