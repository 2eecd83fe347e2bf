namespace Moderation.Contracts;

/// <summary>The author of a comment, as the website knows them.</summary>
public sealed record CommentAuthor
{
    /// <summary>The author's stable id on the website.</summary>
    public required string Id { get; init; }

    /// <summary>The name shown next to the comment.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Optional e-mail address; personal data, never logged.</summary>
    public string? Email { get; init; }

    /// <summary>Optional homepage the author gave.</summary>
    public string? Url { get; init; }

    /// <summary>Optional IP address the comment came from; personal data, never logged.</summary>
    public string? Ip { get; init; }

    /// <summary>Optional browser user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Days since the account was created, if the site has accounts.</summary>
    public int? AccountAgeDays { get; init; }

    /// <summary>The author's role on the site.</summary>
    public AuthorRole Role { get; init; } = AuthorRole.Reader;
}
