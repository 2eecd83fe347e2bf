using Moderation.Core.Pipeline;

namespace Moderation.Core.Rules.History;

/// <summary>
/// The comment history of one process: for tests and a single instance. Several replicas need the
/// store's implementation, or each would count only the comments it saw itself.
/// Comments are forgotten <paramref name="retention"/> after they were first seen (outcomes arriving
/// later are ignored); an author's approved count and recent rejections outlive them.
/// </summary>
public sealed class InMemoryCommentHistory(TimeProvider time, TimeSpan retention) : ICommentHistory
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Site, string Comment), Entry> _comments = [];
    private readonly Dictionary<(string Site, long Band), List<Entry>> _bands = [];
    private readonly Dictionary<(string Site, string Author), AuthorRecord> _authors = [];
    private readonly Dictionary<(string Site, string Author), List<Entry>> _byAuthor = [];
    private readonly Dictionary<(string Site, string IpHash), List<Entry>> _byIp = [];
    private readonly Queue<Entry> _byAge = new();

    public InMemoryCommentHistory(TimeProvider time)
        : this(time, TimeSpan.FromDays(2))
    {
    }

    public ValueTask RecordAsync(CommentRecord comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        lock (_lock)
        {
            Prune();
            var key = (comment.SiteId, comment.CommentId);
            if (_comments.TryGetValue(key, out var existing))
            {
                Unindex(existing);
                existing.Record = comment with { At = existing.FirstSeen, AuthorId = existing.Record.AuthorId, IpHash = existing.Record.IpHash };
                existing.LastSeen = comment.At;
                Index(existing);
                return ValueTask.CompletedTask;
            }

            var entry = new Entry(comment) { FirstSeen = comment.At, LastSeen = comment.At };
            _comments[key] = entry;
            _byAge.Enqueue(entry);
            ListOf(_byAuthor, (comment.SiteId, comment.AuthorId)).Add(entry);
            if (comment.IpHash is not null)
            {
                ListOf(_byIp, (comment.SiteId, comment.IpHash)).Add(entry);
            }

            Index(entry);
            var author = Author(comment.SiteId, comment.AuthorId);
            author.Comments++;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<int> CountByAuthorAsync(string siteId, string authorId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_byAuthor.GetValueOrDefault((siteId, authorId))?.Count(e => e.FirstSeen >= since) ?? 0);
        }
    }

    public ValueTask<int> CountByIpAsync(string siteId, string ipHash, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_byIp.GetValueOrDefault((siteId, ipHash))?.Count(e => e.FirstSeen >= since) ?? 0);
        }
    }

    public ValueTask<IReadOnlyList<SimilarComment>> FindSimilarAsync(
        string siteId, TextSketch sketch, DateTimeOffset since, double minSimilarity, string excludeCommentId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        var found = new Dictionary<string, SimilarComment>(StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var band in sketch.BandKeys())
            {
                if (!_bands.TryGetValue((siteId, band), out var candidates))
                {
                    continue;
                }

                foreach (var c in candidates)
                {
                    if (c.Record.CommentId == excludeCommentId || c.LastSeen < since || found.ContainsKey(c.Record.CommentId) || c.Record.Sketch is null)
                    {
                        continue;
                    }

                    var similarity = sketch.Similarity(c.Record.Sketch);
                    if (similarity >= minSimilarity)
                    {
                        found[c.Record.CommentId] = new SimilarComment(c.Record.CommentId, c.Record.AuthorId, c.LastSeen, similarity);
                    }
                }
            }
        }

        IReadOnlyList<SimilarComment> result = [.. found.Values.OrderByDescending(s => s.Similarity).ThenBy(s => s.CommentId, StringComparer.Ordinal).Take(limit)];
        return ValueTask.FromResult(result);
    }

    public ValueTask<AuthorStanding> GetAuthorStandingAsync(
        string siteId, string authorId, DateTimeOffset rejectionsSince, string excludeCommentId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_authors.TryGetValue((siteId, authorId), out var a))
            {
                return ValueTask.FromResult(AuthorStanding.None);
            }

            var self = _comments.GetValueOrDefault((siteId, excludeCommentId));
            var own = self is not null && self.Record.AuthorId == authorId;
            var approved = a.Approved - (own && self!.Outcome == Outcome.Approved ? 1 : 0);
            var rejections = a.Rejections.Count(r => r.At >= rejectionsSince && r.Comment != excludeCommentId);
            return ValueTask.FromResult(new AuthorStanding(a.Comments - (own ? 1 : 0), approved, rejections));
        }
    }

    public ValueTask RecordOutcomeAsync(string siteId, string commentId, Outcome outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_comments.TryGetValue((siteId, commentId), out var entry) || entry.Outcome == outcome)
            {
                return ValueTask.CompletedTask;
            }

            var author = Author(siteId, entry.Record.AuthorId);
            if (entry.Outcome == Outcome.Approved)
            {
                author.Approved--;
            }

            author.Rejections.RemoveAll(r => r.Comment == commentId);
            entry.Outcome = outcome;
            if (outcome == Outcome.Approved)
            {
                author.Approved++;
            }
            else if (outcome == Outcome.Rejected)
            {
                author.Rejections.Add((commentId, at));
            }
        }

        return ValueTask.CompletedTask;
    }

    private AuthorRecord Author(string site, string author)
    {
        if (!_authors.TryGetValue((site, author), out var a))
        {
            _authors[(site, author)] = a = new AuthorRecord();
        }

        return a;
    }

    private void Index(Entry entry)
    {
        if (entry.Record.Sketch is null)
        {
            return;
        }

        entry.Bands = entry.Record.Sketch.BandKeys();
        foreach (var band in entry.Bands)
        {
            var key = (entry.Record.SiteId, band);
            if (!_bands.TryGetValue(key, out var list))
            {
                _bands[key] = list = [];
            }

            list.Add(entry);
        }
    }

    private void Unindex(Entry entry)
    {
        foreach (var band in entry.Bands)
        {
            if (_bands.TryGetValue((entry.Record.SiteId, band), out var list))
            {
                list.Remove(entry);
                if (list.Count == 0)
                {
                    _bands.Remove((entry.Record.SiteId, band));
                }
            }
        }

        entry.Bands = [];
    }

    private void Prune()
    {
        var before = time.GetUtcNow() - retention;
        while (_byAge.TryPeek(out var oldest) && oldest.FirstSeen < before)
        {
            _byAge.Dequeue();
            Unindex(oldest);
            _comments.Remove((oldest.Record.SiteId, oldest.Record.CommentId));
            Remove(_byAuthor, (oldest.Record.SiteId, oldest.Record.AuthorId), oldest);
            if (oldest.Record.IpHash is not null)
            {
                Remove(_byIp, (oldest.Record.SiteId, oldest.Record.IpHash), oldest);
            }
        }
    }

    private static List<Entry> ListOf(Dictionary<(string, string), List<Entry>> index, (string, string) key)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        return list;
    }

    private static void Remove(Dictionary<(string, string), List<Entry>> index, (string, string) key, Entry entry)
    {
        if (index.TryGetValue(key, out var list))
        {
            list.Remove(entry);
            if (list.Count == 0)
            {
                index.Remove(key);
            }
        }
    }

    private sealed class Entry(CommentRecord record)
    {
        public CommentRecord Record { get; set; } = record;

        public DateTimeOffset FirstSeen { get; init; }

        public DateTimeOffset LastSeen { get; set; }

        public long[] Bands { get; set; } = [];

        public Outcome? Outcome { get; set; }
    }

    private sealed class AuthorRecord
    {
        public int Comments { get; set; }

        public int Approved { get; set; }

        public List<(string Comment, DateTimeOffset At)> Rejections { get; } = [];
    }
}
