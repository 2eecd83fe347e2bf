using Moderation.Service.ReviewQueue;
using Moderation.Service.SiteModels;
using Moderation.Service.Storage;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.SiteModels;

/// <summary>
/// Sites' models on both stores the service runs on (SQLite embedded, PostgreSQL in production): the bytes
/// come back as stored, roles move as the lifecycle says with one champion and one shadow per site and task,
/// a model whose report says it lost is never promoted, and rollback restores the champion before.
/// </summary>
public sealed class SiteModelStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Won = """{"challengerWins": true, "auc": {"champion": 0.81, "challenger": 0.86}}""";
    private const string LostReport = """{"challengerWins": false}""";

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Keeps_the_model_bytes_and_report_exactly_and_refuses_a_second_copy_of_a_version(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        var bytes = Bytes(300_000, seed: 1);

        var added = await store.Models.AddAsync("news", "spam", "spam-aaa", bytes, Won, "ada", Ct);
        var again = await store.Models.AddAsync("news", "spam", "spam-aaa", Bytes(10, seed: 2), null, "ada", Ct);
        var sameVersionOtherTask = await store.Models.AddAsync("news", "toxicity", "spam-aaa", Bytes(10, seed: 3), null, "ada", Ct);

        Assert.NotNull(added);
        Assert.Null(again);
        Assert.NotNull(sameVersionOtherTask);
        Assert.Equal(bytes, await store.Models.ReadModelAsync(added.Id, Ct));
        var found = await store.Models.FindAsync("news", "spam", "spam-aaa", Ct);
        Assert.Equal((SiteModelRoles.Challenger, 300_000L, true, "ada", 0L), (found!.Role, found.SizeBytes, found.ChallengerWins, found.CreatedBy, found.ShadowComments));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), found.Sha256);
        Assert.Equal(0.86, found.Report!.Value.GetProperty("auc").GetProperty("challenger").GetDouble());
        Assert.Equal(T0, found.CreatedAt);
        Assert.Empty(await store.Models.ServingAsync(Ct));
        Assert.Empty(await store.Models.ListAsync("blog", null, Ct));
        Assert.Equal(["spam-aaa", "spam-aaa"], (await store.Models.ListAsync("news", null, Ct)).Select(m => m.Version));
        var audit = (await store.Audit("ada")).Select(e => (e.Action, e.ToState, e.Note)).ToList();
        Assert.Equal([("ModelUploaded", SiteModelRoles.Challenger, "toxicity spam-aaa"), ("ModelUploaded", SiteModelRoles.Challenger, "spam spam-aaa")], audit);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Lets_one_retrain_of_a_site_and_task_hold_the_lease_until_it_lets_go(string kind)
    {
        await using var store = await Store.CreateAsync(kind);

        var first = await store.Models.TryLeaseRetrainAsync("news", "spam", Ct);
        var second = await store.Models.TryLeaseRetrainAsync("news", "spam", Ct);
        var otherTask = await store.Models.TryLeaseRetrainAsync("news", "toxicity", Ct);
        var otherSite = await store.Models.TryLeaseRetrainAsync("blog", "spam", Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(otherTask);
        Assert.NotNull(otherSite);
        await first.DisposeAsync();
        var afterRelease = await store.Models.TryLeaseRetrainAsync("news", "spam", Ct);
        Assert.NotNull(afterRelease);
        await afterRelease.DisposeAsync();
        await otherTask.DisposeAsync();
        await otherSite.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Knows_when_the_newest_model_of_a_site_and_task_was_stored_and_audits_a_retrained_one_as_such(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        Assert.Null(await store.Models.LastAddedAsync("news", "spam", Ct));

        await store.Models.AddAsync("news", "spam", "spam-a", Bytes(10, 1), null, "ada", Ct);
        store.Time.Advance(TimeSpan.FromHours(1));
        await store.Models.AddAsync("news", "spam", "spam-b", Bytes(10, 2), Won, "retrain", Ct, "ModelRetrained");

        Assert.Equal(T0.AddHours(1), await store.Models.LastAddedAsync("news", "spam", Ct));
        Assert.Null(await store.Models.LastAddedAsync("news", "toxicity", Ct));
        Assert.Equal([("ModelRetrained", "spam spam-b")], (await store.Audit("retrain")).Select(e => (e.Action, e.Note)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Moves_a_model_through_shadow_to_champion_and_keeps_one_of_each_per_site_and_task(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        var a = (await store.Models.AddAsync("news", "spam", "spam-a", Bytes(100, 1), Won, "ada", Ct))!;
        var b = (await store.Models.AddAsync("news", "spam", "spam-b", Bytes(100, 2), null, "ada", Ct))!;
        await store.Models.AddAsync("blog", "spam", "spam-a", Bytes(100, 1), Won, "ada", Ct);

        Assert.IsType<SiteModelChange.Changed>(await store.Models.ShadowAsync("news", "spam", "spam-a", "ada", Ct));
        await store.Models.AddShadowCommentsAsync([(a.Id, 7), (b.Id, 5)], Ct);
        await store.Models.AddShadowCommentsAsync([(a.Id, 3)], Ct);
        Assert.Equal([("news", "spam-a", SiteModelRoles.Shadow, 10L)], (await store.Models.ServingAsync(Ct)).Select(s => (s.SiteId, s.Version, s.Role, s.ShadowComments)));
        Assert.Equal(0, (await store.Models.FindAsync("news", "spam", "spam-b", Ct))!.ShadowComments); // not in shadow: not counted

        // A second model in shadow ends the first one's trial.
        var shadowB = Assert.IsType<SiteModelChange.Changed>(await store.Models.ShadowAsync("news", "spam", "spam-b", "ada", Ct));
        Assert.Equal("spam-a", shadowB.Displaced!.Version);
        Assert.Equal(SiteModelRoles.Challenger, (await store.Models.FindAsync("news", "spam", "spam-a", Ct))!.Role);

        store.Time.Advance(TimeSpan.FromMinutes(1));
        var promoted = Assert.IsType<SiteModelChange.Changed>(await store.Models.PromoteAsync("news", "spam", "spam-a", "ada", Ct));
        Assert.Equal((SiteModelRoles.Champion, SiteModelRoles.Challenger, T0.AddMinutes(1)), (promoted.Model.Role, promoted.From, promoted.Model.PromotedAt));
        Assert.Null(promoted.Displaced);
        Assert.IsType<SiteModelChange.WrongRole>(await store.Models.PromoteAsync("news", "spam", "spam-a", "ada", Ct));
        Assert.IsType<SiteModelChange.WrongRole>(await store.Models.RetireAsync("news", "spam", "spam-a", "ada", Ct));
        Assert.IsType<SiteModelChange.NotFound>(await store.Models.PromoteAsync("news", "spam", "spam-zzz", "ada", Ct));

        store.Time.Advance(TimeSpan.FromMinutes(1));
        var bPromoted = Assert.IsType<SiteModelChange.Changed>(await store.Models.PromoteAsync("news", "spam", "spam-b", "mia", Ct));
        Assert.Equal((SiteModelRoles.Shadow, "spam-a"), (bPromoted.From, bPromoted.Displaced!.Version));
        Assert.Equal(SiteModelRoles.Retired, (await store.Models.FindAsync("news", "spam", "spam-a", Ct))!.Role);
        Assert.Equal([("news", "spam-b", SiteModelRoles.Champion)], (await store.Models.ServingAsync(Ct)).Select(s => (s.SiteId, s.Version, s.Role)));
        var steps = (await store.Audit("mia")).Select(e => (e.Action, e.FromState, e.ToState, e.Note)).ToList();
        Assert.Equal([("ModelPromoted", SiteModelRoles.Shadow, SiteModelRoles.Champion, "spam spam-b; replaces champion spam-a")], steps);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Never_promotes_a_model_whose_report_says_it_lost_and_promotes_automatically_only_a_winner_after_its_trial(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        await store.Models.AddAsync("news", "toxicity", "tox-lost", Bytes(50, 1), LostReport, "ada", Ct);
        var silent = (await store.Models.AddAsync("news", "toxicity", "tox-silent", Bytes(50, 2), """{"notes": "no verdict"}""", "ada", Ct))!;
        var winner = (await store.Models.AddAsync("news", "toxicity", "tox-won", Bytes(50, 3), Won, "ada", Ct))!;

        Assert.IsType<SiteModelChange.Lost>(await store.Models.PromoteAsync("news", "toxicity", "tox-lost", "ada", Ct));
        await store.Models.ShadowAsync("news", "toxicity", "tox-lost", "ada", Ct);
        Assert.IsType<SiteModelChange.Lost>(await store.Models.PromoteAsync("news", "toxicity", "tox-lost", "ada", Ct));

        await store.Models.ShadowAsync("news", "toxicity", "tox-silent", "ada", Ct);
        await store.Models.AddShadowCommentsAsync([(silent.Id, 20)], Ct);
        Assert.IsType<SiteModelChange.NotReady>(await store.Models.PromoteAsync("news", "toxicity", "tox-silent", SiteModelCatalog.AutoPromotionActor, Ct, automatic: true, shadowComments: 20));

        await store.Models.ShadowAsync("news", "toxicity", "tox-won", "ada", Ct);
        await store.Models.AddShadowCommentsAsync([(winner.Id, 19)], Ct);
        Assert.IsType<SiteModelChange.NotReady>(await store.Models.PromoteAsync("news", "toxicity", "tox-won", SiteModelCatalog.AutoPromotionActor, Ct, automatic: true, shadowComments: 20));
        await store.Models.AddShadowCommentsAsync([(winner.Id, 1)], Ct);
        var auto = Assert.IsType<SiteModelChange.Changed>(await store.Models.PromoteAsync("news", "toxicity", "tox-won", SiteModelCatalog.AutoPromotionActor, Ct, automatic: true, shadowComments: 20));

        Assert.Equal(SiteModelRoles.Champion, auto.Model.Role);
        Assert.Equal(["tox-won"], (await store.Models.ServingAsync(Ct)).Select(s => s.Version));
        Assert.Equal("ModelAutoPromoted", Assert.Single(await store.Audit(SiteModelCatalog.AutoPromotionActor)).Action);
        // An administrator may promote a model whose report gives no verdict; only a lost one never.
        Assert.IsType<SiteModelChange.Changed>(await store.Models.PromoteAsync("news", "toxicity", "tox-silent", "ada", Ct));
        Assert.IsType<SiteModelChange.Lost>(await store.Models.PromoteAsync("news", "toxicity", "tox-lost", "ada", Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Rolls_back_to_the_champion_before_and_then_to_the_shipped_model(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        await store.Models.AddAsync("news", "spam", "spam-1", Bytes(50, 1), Won, "ada", Ct);
        await store.Models.AddAsync("news", "spam", "spam-2", Bytes(50, 2), Won, "ada", Ct);
        await store.Models.AddAsync("blog", "spam", "spam-9", Bytes(50, 9), Won, "ada", Ct);
        Assert.IsType<SiteModelChange.NoChampion>(await store.Models.RollbackAsync("news", "spam", "ada", Ct));

        await store.Models.PromoteAsync("news", "spam", "spam-1", "ada", Ct);
        await store.Models.PromoteAsync("blog", "spam", "spam-9", "ada", Ct);
        store.Time.Advance(TimeSpan.FromMinutes(5));
        await store.Models.PromoteAsync("news", "spam", "spam-2", "ada", Ct);

        var first = Assert.IsType<SiteModelChange.Changed>(await store.Models.RollbackAsync("news", "spam", "mia", Ct));
        Assert.Equal(("spam-2", SiteModelRoles.Retired, "spam-1"), (first.Model.Version, first.Model.Role, first.Displaced?.Version));
        Assert.NotNull(first.Model.RolledBackAt);
        Assert.Equal(["spam-1", "spam-9"], (await store.Models.ServingAsync(Ct)).Select(s => s.Version).Order());

        var second = Assert.IsType<SiteModelChange.Changed>(await store.Models.RollbackAsync("news", "spam", "mia", Ct));
        Assert.Equal("spam-1", second.Model.Version);
        Assert.Null(second.Displaced); // the shipped model serves again
        Assert.Equal(["spam-9"], (await store.Models.ServingAsync(Ct)).Select(s => s.Version));
        Assert.IsType<SiteModelChange.NoChampion>(await store.Models.RollbackAsync("news", "spam", "mia", Ct));
        var audit = (await store.Audit("mia")).Select(e => (e.Action, e.Note)).ToList();
        Assert.Equal([("ModelRolledBack", "spam spam-1; now serving the shipped model"), ("ModelRolledBack", "spam spam-2; now serving spam-1")], audit);
    }

    [Fact]
    public void Reads_the_verdict_of_a_plain_report_and_of_the_retrain_commands_comparison()
    {
        Assert.True(SiteModelStore.Verdict(Won));
        Assert.False(SiteModelStore.Verdict(LostReport));
        Assert.Null(SiteModelStore.Verdict(null));
        Assert.Null(SiteModelStore.Verdict("""{"notes": "no verdict"}"""));
        // ModelComparison as `moderation retrain` writes it (ModelFile.Json: camelCase, enums as camelCase strings).
        Assert.True(SiteModelStore.Verdict("""{"task": "toxicity", "decision": "challengerWins", "reason": "AUC 0.8600 against 0.8100"}"""));
        Assert.False(SiteModelStore.Verdict("""{"task": "toxicity", "decision": "championStays", "reason": "AUC 0.8000 against 0.8100"}"""));
        Assert.False(SiteModelStore.Verdict("""{"task": "toxicity", "decision": "undecided", "reason": "9 held-out positives"}"""));
        Assert.Throws<FormatException>(() => SiteModelStore.Verdict("""{"decision": "maybe"}"""));
        Assert.Throws<FormatException>(() => SiteModelStore.Verdict("""{"challengerWins": "yes"}"""));
        Assert.Throws<FormatException>(() => SiteModelStore.Verdict("[true]"));
        Assert.Throws<FormatException>(() => SiteModelStore.Verdict("{"));
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class Store : IAsyncDisposable
    {
        private readonly Func<ValueTask> _dispose;

        private Store(Database database, Func<ValueTask> dispose)
        {
            _dispose = dispose;
            Queue = new ReviewStore(database);
            Models = new SiteModelStore(database, Time);
        }

        public Clock Time { get; } = new(T0);

        public SiteModelStore Models { get; }

        private ReviewStore Queue { get; }

        /// <summary>The audit entries of one actor on any site, newest first.</summary>
        public async Task<List<AuditEntry>> Audit(string actor)
        {
            var entries = new List<AuditEntry>();
            foreach (var site in new[] { "news", "blog" })
            {
                entries.AddRange((await Queue.AuditAsync(site, null, actor, 100, Ct)).Entries);
            }

            return entries.OrderByDescending(e => e.Id).ToList();
        }

        public static async Task<Store> CreateAsync(string kind)
        {
            var database = await ThrowawayDatabase.CreateAsync(kind, "moderation_site_models");
            return new Store(database.Database, database.DisposeAsync);
        }

        public async ValueTask DisposeAsync() => await _dispose();
    }
}
