namespace Moderation.Contracts;

/// <summary>
/// A website backend asks for a decision on a new or edited reader comment.
/// Idempotent by (<see cref="SiteId"/>, <see cref="CommentId"/>, <see cref="Revision"/>).
/// </summary>
public sealed record CommentSubmitted
{
    /// <summary>The comment's id on the website (the site's own, not ours).</summary>
    public required string CommentId { get; init; }

    /// <summary>The website the comment belongs to; must be a site configured in the service.</summary>
    public required string SiteId { get; init; }

    /// <summary>The article, post or thread the comment is attached to.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The public address of the thread, if any.</summary>
    public string? ThreadUrl { get; init; }

    /// <summary>The comment this one replies to, if any.</summary>
    public string? ParentId { get; init; }

    /// <summary>Whether this is a new comment or an edit of an existing one.</summary>
    public CommentKind Kind { get; init; } = CommentKind.New;

    /// <summary>0 for a new comment; each edit increments it. Part of the idempotency key.</summary>
    public int Revision { get; init; }

    /// <summary>The comment text as the author wrote it.</summary>
    public required string Text { get; init; }

    /// <summary>Who wrote it.</summary>
    public required CommentAuthor Author { get; init; }

    /// <summary>When the reader submitted it, by the website's clock.</summary>
    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>BCP 47 language tag, if the site knows it ("en", "de-CH").</summary>
    public string? Language { get; init; }

    /// <summary>Free-form values the site wants echoed back or stored; never interpreted.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
