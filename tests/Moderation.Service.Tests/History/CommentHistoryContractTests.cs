using Moderation.Core.Normalisation;
using Moderation.Core.Pipeline;
using Moderation.Core.Rules.History;
using Moderation.Service.History;
using Moderation.Service.Storage;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.History;

/// <summary>
/// The in-memory history (tests, one process) and the store's (SQLite, PostgreSQL) answer alike:
/// the history rules must not behave differently when the service scales out.
/// </summary>
public sealed class CommentHistoryContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private const string Text = "I made five thousand dollars last week working from home, ask me how";

    public static TheoryData<string> Stores => ["memory", "sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Counts_comments_per_author_and_ip_within_the_window_once_each(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        var h = store.History;

        await h.RecordAsync(Record("c1", "alice", "ip-1", T0), Ct);
        await h.RecordAsync(Record("c2", "alice", "ip-1", T0.AddSeconds(30)), Ct);
        await h.RecordAsync(Record("c2", "alice", "ip-1", T0.AddSeconds(40), revision: 1), Ct); // an edit
        await h.RecordAsync(Record("c3", "bob", "ip-1", T0.AddSeconds(50)), Ct);

        Assert.Equal(2, await h.CountByAuthorAsync("s", "alice", T0, Ct));
        Assert.Equal(1, await h.CountByAuthorAsync("s", "alice", T0.AddSeconds(10), Ct));
        Assert.Equal(3, await h.CountByIpAsync("s", "ip-1", T0, Ct));
        Assert.Equal(0, await h.CountByAuthorAsync("other-site", "alice", T0, Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Finds_near_duplicates_of_other_comments_but_not_the_comment_itself(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        var h = store.History;
        await h.RecordAsync(Record("c1", "alice", null, T0, Text), Ct);
        await h.RecordAsync(Record("c2", "bob", null, T0.AddSeconds(5), Text.ToUpperInvariant() + "!!"), Ct);
        await h.RecordAsync(Record("c3", "carol", null, T0.AddSeconds(9), "The council voted on the housing plan and the mayor spoke about rents"), Ct);

        var similar = await h.FindSimilarAsync("s", Sketch(Text)!, T0, 0.8, "c1", 10, Ct);

        var found = Assert.Single(similar);
        Assert.Equal(("c2", "bob"), (found.CommentId, found.AuthorId));
        Assert.Equal(1.0, found.Similarity);
        Assert.Empty(await h.FindSimilarAsync("s", Sketch(Text)!, T0.AddMinutes(1), 0.8, "c1", 10, Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Keeps_approvals_and_recent_rejections_per_author(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        var h = store.History;
        for (var i = 0; i < 3; i++)
        {
            await h.RecordAsync(Record($"c{i}", "alice", null, T0.AddMinutes(i)), Ct);
            await h.RecordOutcomeAsync("s", $"c{i}", Outcome.Approved, T0.AddMinutes(i), Ct);
        }

        await h.RecordAsync(Record("c9", "alice", null, T0.AddMinutes(9)), Ct);
        await h.RecordOutcomeAsync("s", "c9", Outcome.HeldForReview, T0.AddMinutes(9), Ct);
        Assert.Equal(new AuthorStanding(3, 3, 0), await h.GetAuthorStandingAsync("s", "alice", T0, "c9", Ct));

        await h.RecordOutcomeAsync("s", "c9", Outcome.Rejected, T0.AddMinutes(10), Ct); // a moderator rejects it
        Assert.Equal(new AuthorStanding(4, 3, 1), await h.GetAuthorStandingAsync("s", "alice", T0, "new", Ct));
        Assert.Equal(new AuthorStanding(4, 3, 0), await h.GetAuthorStandingAsync("s", "alice", T0.AddHours(1), "new", Ct));
        Assert.Equal(AuthorStanding.None, await h.GetAuthorStandingAsync("s", "nobody", T0, "new", Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Records_and_answers_in_one_go_as_the_single_calls_do(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        var h = store.History;
        await h.RecordAsync(Record("c1", "alice", "ip-1", T0, Text), Ct);
        await h.RecordOutcomeAsync("s", "c1", Outcome.Approved, T0, Ct);
        await h.RecordAsync(Record("c2", "bob", "ip-1", T0.AddSeconds(5), Text.ToUpperInvariant()), Ct);
        await h.RecordOutcomeAsync("s", "c2", Outcome.Rejected, T0.AddSeconds(5), Ct);
        var all = new HistoryQuestions
        {
            AuthorSince = T0,
            IpSince = T0,
            Similar = new SimilarityQuestion(T0, 0.8, 10),
            RejectionsSince = T0,
        };

        var facts = await h.RecordAndLookUpAsync(Record("c3", "alice", "ip-1", T0.AddSeconds(9), Text + "!"), all, Ct);

        // The comment itself is recorded first, so it counts; it is never its own duplicate.
        Assert.Equal(2, facts.ByAuthor);
        Assert.Equal(3, facts.ByIp);
        Assert.Equal(["c1", "c2"], facts.Similar.Select(s => s.CommentId).Order(StringComparer.Ordinal));
        Assert.Equal(new AuthorStanding(1, 1, 0), facts.Standing);
        Assert.Equal(await h.FindSimilarAsync("s", Sketch(Text + "!")!, T0, 0.8, "c3", 10, Ct), facts.Similar);

        // Questions not asked stay unanswered, and the record alone still happens.
        var none = await h.RecordAndLookUpAsync(Record("c4", "bob", null, T0.AddSeconds(12), Text), new HistoryQuestions { AuthorSince = T0.AddSeconds(1) }, Ct);
        Assert.Equal(2, none.ByAuthor);
        Assert.Null(none.ByIp);
        Assert.Empty(none.Similar);
        Assert.Null(none.Standing);
        Assert.Equal(new AuthorStanding(2, 0, 1), await h.GetAuthorStandingAsync("s", "bob", T0, "new", Ct));
    }

    // A look-up reads a bounded number of the most recent comments per band key, so a campaign of
    // thousands of posts costs what one of a few dozen does; what it finds are the latest posts.
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Finds_the_latest_posts_of_a_campaign_larger_than_one_look_up_reads(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        var h = store.History;
        var posts = SqlCommentHistory.MaxCandidatesPerBand * 4;
        for (var i = 0; i < posts; i++)
        {
            await h.RecordAsync(Record($"p{i:D3}", $"author-{i}", null, T0.AddSeconds(i), Text), Ct);
        }

        var similar = await h.FindSimilarAsync("s", Sketch(Text)!, T0, 0.8, "new", posts, Ct);

        Assert.Equal(SqlCommentHistory.MaxCandidatesPerBand, similar.Count);
        Assert.All(similar, s => Assert.True(string.CompareOrdinal(s.CommentId, $"p{posts - SqlCommentHistory.MaxCandidatesPerBand:D3}") >= 0, s.CommentId));
    }

    [Fact]
    public async Task Drops_old_sketches_from_the_store_but_keeps_the_counts()
    {
        await using var store = await Store.CreateAsync("sqlite");
        var h = (SqlCommentHistory)store.History;
        await h.RecordAsync(Record("c1", "alice", null, T0, Text), Ct);

        Assert.Equal(1, await h.PruneSketchesAsync(T0.AddSeconds(1), Ct));

        Assert.Empty(await h.FindSimilarAsync("s", Sketch(Text)!, T0.AddDays(-1), 0.5, "x", 10, Ct));
        Assert.Equal(1, await h.CountByAuthorAsync("s", "alice", T0, Ct));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TextSketch? Sketch(string text) => TextSketch.From(TextNormalizer.Normalize(text), 4);

    private static CommentRecord Record(string id, string author, string? ip, DateTimeOffset at, string text = "a comment long enough to sketch", int revision = 0) => new()
    {
        SiteId = "s",
        CommentId = id,
        AuthorId = author,
        IpHash = ip,
        At = at,
        Revision = revision,
        Sketch = Sketch(text),
    };

    private sealed class Store : IAsyncDisposable
    {
        private readonly Func<ValueTask> _dispose;

        private Store(ICommentHistory history, Func<ValueTask> dispose)
        {
            History = history;
            _dispose = dispose;
        }

        public ICommentHistory History { get; }

        public static async Task<Store> CreateAsync(string kind)
        {
            if (kind == "memory")
            {
                // The in-memory history prunes by its clock; keep it at the test's time.
                return new Store(new InMemoryCommentHistory(new FixedTime(T0.AddMinutes(10))), () => ValueTask.CompletedTask);
            }

            var database = await ThrowawayDatabase.CreateAsync(kind, "moderation_history");
            return new Store(new SqlCommentHistory(database.Database), database.DisposeAsync);
        }

        public ValueTask DisposeAsync() => _dispose();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
