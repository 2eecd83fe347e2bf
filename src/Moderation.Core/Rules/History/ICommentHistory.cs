using Moderation.Core.Pipeline;

namespace Moderation.Core.Rules.History;

/// <summary>
/// What the history rules remember of earlier comments, shared by every replica of the service.
/// Keyed by (site, comment id): recording a comment again (a redelivery or an edit) replaces its record
/// and keeps the time it was first seen, so neither counts twice. No comment text and no raw IP
/// address is stored: only a <see cref="TextSketch"/> and an <see cref="IpHasher"/> hash.
/// </summary>
/// <remarks>
/// A SQL implementation needs one table of comments (site, comment id, author id, ip hash, revision,
/// first seen, last seen, sketch bytes, outcome, outcome time) and one of band keys (site, band key,
/// comment id, first seen) indexed on (site, band key): <see cref="FindSimilarAsync"/> is then an
/// equality lookup on the band keys within the window, followed by <see cref="TextSketch.Similarity"/>.
/// </remarks>
public interface ICommentHistory
{
    /// <summary>Records a comment revision, or replaces the record of an earlier revision of it.</summary>
    ValueTask RecordAsync(CommentRecord comment, CancellationToken cancellationToken);

    /// <summary>Comments of the author first seen at or after <paramref name="since"/>, the current one included.</summary>
    ValueTask<int> CountByAuthorAsync(string siteId, string authorId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Comments from the hashed IP address first seen at or after <paramref name="since"/>, the current one included.</summary>
    ValueTask<int> CountByIpAsync(string siteId, string ipHash, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Comments of any author seen at or after <paramref name="since"/> whose sketch is at least
    /// <paramref name="minSimilarity"/> similar, most similar first, without the comment <paramref name="excludeCommentId"/>.
    /// </summary>
    ValueTask<IReadOnlyList<SimilarComment>> FindSimilarAsync(
        string siteId, TextSketch sketch, DateTimeOffset since, double minSimilarity, string excludeCommentId, int limit, CancellationToken cancellationToken);

    /// <summary>The author's record on the site, without the comment <paramref name="excludeCommentId"/>.</summary>
    ValueTask<AuthorStanding> GetAuthorStandingAsync(
        string siteId, string authorId, DateTimeOffset rejectionsSince, string excludeCommentId, CancellationToken cancellationToken);

    /// <summary>
    /// Records how a comment was decided: by the pipeline, and again when a moderator decides a held one.
    /// Unknown comments are ignored.
    /// </summary>
    ValueTask RecordOutcomeAsync(string siteId, string commentId, Outcome outcome, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records a comment revision, then answers the <paramref name="questions"/> the history rules ask
    /// about it, exactly as <see cref="RecordAsync"/> followed by the single queries would. A store
    /// overrides it to do all of it in one round trip: it runs for every comment.
    /// </summary>
    async ValueTask<HistoryFacts> RecordAndLookUpAsync(CommentRecord comment, HistoryQuestions questions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        ArgumentNullException.ThrowIfNull(questions);
        await RecordAsync(comment, cancellationToken).ConfigureAwait(false);
        return new HistoryFacts
        {
            ByAuthor = questions.AuthorSince is { } authorSince
                ? await CountByAuthorAsync(comment.SiteId, comment.AuthorId, authorSince, cancellationToken).ConfigureAwait(false)
                : null,
            ByIp = questions.IpSince is { } ipSince && comment.IpHash is { } ipHash
                ? await CountByIpAsync(comment.SiteId, ipHash, ipSince, cancellationToken).ConfigureAwait(false)
                : null,
            Similar = questions.Similar is { } similar && comment.Sketch is { } sketch
                ? await FindSimilarAsync(comment.SiteId, sketch, similar.Since, similar.MinSimilarity, comment.CommentId, similar.Limit, cancellationToken).ConfigureAwait(false)
                : [],
            Standing = questions.RejectionsSince is { } rejectionsSince
                ? await GetAuthorStandingAsync(comment.SiteId, comment.AuthorId, rejectionsSince, comment.CommentId, cancellationToken).ConfigureAwait(false)
                : null,
        };
    }
}

/// <summary>
/// What the history rules want to know about the comment being recorded; a null question is not asked.
/// </summary>
public sealed record HistoryQuestions
{
    /// <summary>Count the author's comments first seen since then (<see cref="ICommentHistory.CountByAuthorAsync"/>).</summary>
    public DateTimeOffset? AuthorSince { get; init; }

    /// <summary>Count the IP address's comments first seen since then (<see cref="ICommentHistory.CountByIpAsync"/>); needs an IP hash.</summary>
    public DateTimeOffset? IpSince { get; init; }

    /// <summary>Look for comments similar to this one (<see cref="ICommentHistory.FindSimilarAsync"/>); needs a sketch.</summary>
    public SimilarityQuestion? Similar { get; init; }

    /// <summary>The author's standing, with rejections counted since then (<see cref="ICommentHistory.GetAuthorStandingAsync"/>).</summary>
    public DateTimeOffset? RejectionsSince { get; init; }
}

/// <summary>Comments seen since <see cref="Since"/> at least <see cref="MinSimilarity"/> similar, at most <see cref="Limit"/>.</summary>
public sealed record SimilarityQuestion(DateTimeOffset Since, double MinSimilarity, int Limit);

/// <summary>The answers to <see cref="HistoryQuestions"/>: null (or empty) where the question was not asked.</summary>
public sealed record HistoryFacts
{
    public int? ByAuthor { get; init; }

    public int? ByIp { get; init; }

    public IReadOnlyList<SimilarComment> Similar { get; init; } = [];

    public AuthorStanding? Standing { get; init; }
}

/// <summary>What the history keeps of one comment.</summary>
public sealed record CommentRecord
{
    public required string SiteId { get; init; }

    public required string CommentId { get; init; }

    public required string AuthorId { get; init; }

    /// <summary>Keyed hash of the IP address (<see cref="IpHasher"/>), never the address itself.</summary>
    public string? IpHash { get; init; }

    public int Revision { get; init; }

    /// <summary>When the service saw this revision (its own clock, not the site's).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Null when the text is too short to compare.</summary>
    public TextSketch? Sketch { get; init; }
}

/// <summary>An earlier comment similar to the one being checked.</summary>
public sealed record SimilarComment(string CommentId, string AuthorId, DateTimeOffset At, double Similarity);

/// <summary>An author's record: comments seen, approved, and rejected lately.</summary>
public sealed record AuthorStanding(int Comments, int Approved, int RecentRejections)
{
    public static AuthorStanding None { get; } = new(0, 0, 0);
}
