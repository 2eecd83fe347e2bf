using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.IntegrationTests.Support;
using Moderation.Service.Decisions;
using Moderation.Service.Storage;

namespace Moderation.IntegrationTests.Storage;

public sealed class PostgresStoreTests(RealServices services)
{
    [Fact]
    public async Task Migrations_apply_once_even_when_run_again()
    {
        services.Require();
        await using var database = Database.Postgres(await services.CreateSchemaAsync());
        var migrator = new Migrator(database, NullLogger<Migrator>.Instance);

        await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        await migrator.MigrateAsync(TestContext.Current.CancellationToken);

        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        Assert.Equal(Migrator.Scripts(SqlDialect.Postgres).Count(), Convert.ToInt32(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Keeps_the_first_decision_for_a_revision_and_returns_it_to_later_writers()
    {
        await using var database = await MigratedDatabaseAsync();
        var store = new DecisionStore(database);
        var comment = new CommentSubmitted
        {
            CommentId = "c-1", SiteId = "news", ThreadId = "t-1", Text = "hello",
            Author = new CommentAuthor { Id = "a-1" }, SubmittedAt = DateTimeOffset.UtcNow,
        };
        var key = DecisionKey.Of(comment);
        var first = Decision(comment, Outcome.Rejected);
        var second = Decision(comment, Outcome.Approved);

        var (stored, added) = await store.AddOrGetAsync(comment, first, TestContext.Current.CancellationToken);
        var (again, addedAgain) = await store.AddOrGetAsync(comment, second, TestContext.Current.CancellationToken);
        await store.MarkPublishedAsync(key, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        var published = await store.FindAsync(key, TestContext.Current.CancellationToken);

        Assert.True(added);
        Assert.False(addedAgain);
        Assert.Equal(Outcome.Rejected, stored.Outcome);
        Assert.Equal(Outcome.Rejected, again.Outcome);
        Assert.Equal(first.DecisionId, again.Event.DecisionId);
        Assert.Equal(first.Reasons.Single().Evidence.Single().Text, again.Event.Reasons.Single().Evidence.Single().Text);
        Assert.Null(again.PublishedAt);
        Assert.NotNull(published!.PublishedAt);
        Assert.Equal(1, await store.CountAsync("news", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Stores_a_held_decision_with_its_review_and_history_outcome_in_one_go_and_marks_many_published()
    {
        await using var database = await MigratedDatabaseAsync();
        var store = new DecisionStore(database);
        var comments = Comments(3);
        await using (var connection = await database.OpenAsync(TestContext.Current.CancellationToken))
        {
            // The history rule records the comment before it is decided.
            await connection.ExecuteAsync(
                "INSERT INTO comment_history (site_id, comment_id, author_id, revision, first_seen, last_seen) VALUES ('news', 'c-0', 'a-1', 0, now(), now())");
        }

        var (held, added) = await store.AddOrGetAsync(comments[0], Decision(comments[0], Outcome.HeldForReview), TestContext.Current.CancellationToken);
        foreach (var comment in comments.Skip(1))
        {
            await store.AddOrGetAsync(comment, Decision(comment, Outcome.Approved), TestContext.Current.CancellationToken);
        }

        await store.MarkPublishedAsync([.. comments.Take(2).Select(DecisionKey.Of)], DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        Assert.True(added);
        Assert.Equal(Outcome.HeldForReview, held.Outcome);
        await using var check = await database.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal("Held", await check.ExecuteScalarAsync<string>("SELECT state FROM reviews WHERE comment_id = 'c-0'"));
        Assert.Equal("HeldForReview", await check.ExecuteScalarAsync<string>("SELECT outcome FROM comment_history WHERE comment_id = 'c-0'"));
        Assert.Equal(
            ["c-0", "c-1"],
            await check.QueryAsync<string>("SELECT comment_id FROM decisions_published ORDER BY comment_id"));
        Assert.Equal(1L, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reviews"));
    }

    [Fact]
    public async Task A_decision_is_published_from_its_first_mark_or_from_a_mark_an_older_version_left_on_its_row()
    {
        await using var database = await MigratedDatabaseAsync();
        var store = new DecisionStore(database);
        var comments = Comments(3);
        foreach (var comment in comments)
        {
            await store.AddOrGetAsync(comment, Decision(comment, Outcome.Approved), TestContext.Current.CancellationToken);
        }

        var first = new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);
        var key = DecisionKey.Of(comments[0]);
        await store.MarkPublishedAsync([key], first, TestContext.Current.CancellationToken);
        await store.MarkPublishedAsync([key, DecisionKey.Of(comments[1])], first.AddMinutes(5), TestContext.Current.CancellationToken);
        await using (var connection = await database.OpenAsync(TestContext.Current.CancellationToken))
        {
            // Where the previous version marked (still running during a rolling upgrade).
            await connection.ExecuteAsync("UPDATE decisions SET published_at = now() WHERE comment_id = 'c-2'");
        }

        Assert.Equal(first, (await store.FindAsync(key, TestContext.Current.CancellationToken))!.PublishedAt);
        Assert.Equal(first.AddMinutes(5), (await store.FindAsync(DecisionKey.Of(comments[1]), TestContext.Current.CancellationToken))!.PublishedAt);
        Assert.NotNull((await store.FindAsync(DecisionKey.Of(comments[2]), TestContext.Current.CancellationToken))!.PublishedAt);
    }

    [Fact]
    public async Task Concurrent_writers_batched_together_each_learn_whether_their_decision_won()
    {
        // Fewer connections than the test server allows, whatever else runs beside this test.
        await using var database = await MigratedDatabaseAsync(maxPoolSize: 20);
        var store = new DecisionStore(database);
        // 200 comments, each written three times at once with different outcomes: the writes of
        // concurrent callers share statements, and duplicates of one key land in one batch or in several.
        var writes = Enumerable.Range(0, 600).Select(i =>
        {
            var comment = new CommentSubmitted
            {
                CommentId = $"c-{i % 200}", SiteId = "news", ThreadId = "t-1", Text = $"comment {i % 200}",
                Author = new CommentAuthor { Id = "a-1" }, SubmittedAt = DateTimeOffset.UtcNow,
            };
            var outcome = (i / 200) switch { 0 => Outcome.Approved, 1 => Outcome.Rejected, _ => Outcome.HeldForReview };
            return Task.Run(() => store.AddOrGetAsync(comment, Decision(comment, outcome), TestContext.Current.CancellationToken));
        }).ToList();

        var results = await Task.WhenAll(writes);

        Assert.Equal(200, await store.CountAsync("news", TestContext.Current.CancellationToken));
        foreach (var group in results.GroupBy(r => r.Stored.Key.CommentId))
        {
            Assert.Single(group, r => r.Added);
            var winner = group.Single(r => r.Added).Stored;
            Assert.All(group, r => Assert.Equal(winner.Outcome, r.Stored.Outcome));
            var stored = await store.FindAsync(winner.Key, TestContext.Current.CancellationToken);
            Assert.Equal(winner.Outcome, stored!.Outcome);
        }

        await using var check = await database.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(
            results.Count(r => r.Added && r.Stored.Outcome == Outcome.HeldForReview),
            await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reviews"));
    }

    [Fact]
    public async Task Writers_arriving_as_the_writer_hands_over_are_all_written()
    {
        await using var database = await MigratedDatabaseAsync(maxPoolSize: 20);
        var store = new DecisionStore(database);
        var random = new Random(7);
        // Waves of one to four writers with pauses between them: a wave often starts while the previous
        // writer is finishing, and a row left in the queue at that moment would wait for a next write
        // that, after the last wave, never comes.
        for (var wave = 0; wave < 150; wave++)
        {
            var writes = Enumerable.Range(0, random.Next(1, 5)).Select(i =>
            {
                var comment = new CommentSubmitted
                {
                    CommentId = $"w-{wave}-{i}", SiteId = "news", ThreadId = "t-1", Text = "a comment",
                    Author = new CommentAuthor { Id = "a-1" }, SubmittedAt = DateTimeOffset.UtcNow,
                };
                return Task.Run(() => store.AddOrGetAsync(comment, Decision(comment, Outcome.Approved), TestContext.Current.CancellationToken));
            }).ToList();
            await Task.Delay(random.Next(0, 3), TestContext.Current.CancellationToken);
            var results = await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.All(results, r => Assert.True(r.Added));
        }
    }

    /// <summary>A fresh schema on the test server, migrated.</summary>
    private static List<CommentSubmitted> Comments(int count) => Enumerable.Range(0, count).Select(i => new CommentSubmitted
    {
        CommentId = $"c-{i}", SiteId = "news", ThreadId = "t-1", Text = "hello",
        Author = new CommentAuthor { Id = "a-1" }, SubmittedAt = DateTimeOffset.UtcNow,
    }).ToList();

    private async Task<Database> MigratedDatabaseAsync(int? maxPoolSize = null)
    {
        services.Require();
        var database = Database.Postgres(await services.CreateSchemaAsync() + (maxPoolSize is { } size ? $";Maximum Pool Size={size}" : ""));
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        return database;
    }

    private static IModerationDecision Decision(CommentSubmitted comment, Outcome outcome) => DecisionEvents.Create(comment, new ModerationResult
    {
        Outcome = outcome,
        Reasons = [new DecisionReason { Code = ReasonCodes.BannedTerm, Message = "m", Action = ReasonAction.Reject, Evidence = [new Evidence { Text = "hello", Start = 0, Length = 5 }] }],
        Scores = [],
        PolicyVersion = "1",
        DecidedAt = DateTimeOffset.UtcNow,
    }, DecisionEvents.DecisionId(DecisionKey.Of(comment)));
}
