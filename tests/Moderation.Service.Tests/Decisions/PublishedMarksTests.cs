using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Service.Decisions;
using Moderation.Service.Storage;

namespace Moderation.Service.Tests.Decisions;

/// <summary>Published marks are written in batches off the consumer's path; none is dropped on a graceful stop.</summary>
public sealed class PublishedMarksTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("moderation-marks-").FullName;
    private Database _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = Database.Sqlite(Path.Combine(_directory, "marks.db"));
        await new Migrator(_database, NullLogger<Migrator>.Instance).MigrateAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Marks_every_decision_added_before_a_graceful_stop_and_forgets_them_once_written()
    {
        var store = new DecisionStore(_database);
        var keys = new List<DecisionKey>();
        for (var i = 0; i < 50; i++)
        {
            var comment = Comment($"c-{i}");
            var (stored, added) = await store.AddOrGetAsync(comment, Decision(comment), Ct);
            Assert.True(added);
            keys.Add(stored.Key);
        }

        var marks = new PublishedMarks(store, TimeProvider.System, NullLogger<PublishedMarks>.Instance);
        await marks.StartAsync(Ct);
        foreach (var key in keys)
        {
            marks.Add(key);
        }

        await marks.StopAsync(Ct);

        Assert.All(keys, key => Assert.False(marks.IsPublishedHere(key), $"{key} still pending"));
        await using var connection = await _database.OpenAsync(Ct);
        Assert.Equal(50, await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM decisions AS d JOIN decisions_published AS p USING (site_id, comment_id, revision)"));
        foreach (var key in keys)
        {
            Assert.NotNull((await store.FindAsync(key, Ct))!.PublishedAt);
        }
    }

    [Fact]
    public async Task A_repeat_of_a_stored_decision_says_it_was_not_added_and_returns_the_first()
    {
        var store = new DecisionStore(_database);
        var comment = Comment("c-repeat");

        var (first, added) = await store.AddOrGetAsync(comment, Decision(comment, Outcome.Rejected), Ct);
        var (again, addedAgain) = await store.AddOrGetAsync(comment, Decision(comment, Outcome.Approved), Ct);

        Assert.True(added);
        Assert.False(addedAgain);
        Assert.Equal(Outcome.Rejected, first.Outcome);
        Assert.Equal(Outcome.Rejected, again.Outcome);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CommentSubmitted Comment(string id) => new()
    {
        CommentId = id, SiteId = "news", ThreadId = "t-1", Text = "hello",
        Author = new CommentAuthor { Id = "a-1" }, SubmittedAt = DateTimeOffset.UtcNow,
    };

    private static IModerationDecision Decision(CommentSubmitted comment, Outcome outcome = Outcome.Approved) => DecisionEvents.Create(comment, new ModerationResult
    {
        Outcome = outcome,
        Reasons = [],
        Scores = [],
        PolicyVersion = "1",
        DecidedAt = DateTimeOffset.UtcNow,
    }, DecisionEvents.DecisionId(DecisionKey.Of(comment)));
}
