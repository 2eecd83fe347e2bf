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
        services.Require();
        await using var database = Database.Postgres(await services.CreateSchemaAsync());
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        var store = new DecisionStore(database);
        var comment = new CommentSubmitted
        {
            CommentId = "c-1", SiteId = "news", ThreadId = "t-1", Text = "hello",
            Author = new CommentAuthor { Id = "a-1" }, SubmittedAt = DateTimeOffset.UtcNow,
        };
        var key = DecisionKey.Of(comment);
        var first = Decision(comment, Outcome.Rejected);
        var second = Decision(comment, Outcome.Approved);

        var stored = await store.AddOrGetAsync(comment, first, TestContext.Current.CancellationToken);
        var again = await store.AddOrGetAsync(comment, second, TestContext.Current.CancellationToken);
        await store.MarkPublishedAsync(key, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        var published = await store.FindAsync(key, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Rejected, stored.Outcome);
        Assert.Equal(Outcome.Rejected, again.Outcome);
        Assert.Equal(first.DecisionId, again.Event.DecisionId);
        Assert.Equal(first.Reasons.Single().Evidence.Single().Text, again.Event.Reasons.Single().Evidence.Single().Text);
        Assert.Null(again.PublishedAt);
        Assert.NotNull(published!.PublishedAt);
        Assert.Equal(1, await store.CountAsync("news", TestContext.Current.CancellationToken));
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
