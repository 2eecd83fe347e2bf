using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moderation.Contracts;
using Moderation.Core.Sites;
using Moderation.Service.Decisions;
using Moderation.Service.Reports;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Storage;
using Moderation.Service.Telemetry;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.Reports;

/// <summary>
/// Reports on both stores the service runs on (SQLite embedded, PostgreSQL in production): counted
/// once per reader, limited per reader, held at the threshold, answered by a moderator, and the
/// training export left with the last human decision only.
/// </summary>
public sealed class ReportStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Counts_each_reader_once_and_holds_an_approved_comment_at_the_threshold(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        await store.AddAsync("c1", approved: true);

        var first = Counted(await store.Reports.ReportAsync("news", "c1", "alice", "Spam", Ct));
        var again = Counted(await store.Reports.ReportAsync("news", "c1", "alice", "Toxic", Ct));
        var second = Counted(await store.Reports.ReportAsync("news", "c1", "bob", "Toxic", Ct));

        Assert.Equal((1, false, ReviewStates.Approved), (first.OpenReports, first.Repeated, first.State));
        Assert.Equal((1, true, ReviewStates.Approved), (again.OpenReports, again.Repeated, again.State));
        Assert.Equal((2, false, ReviewStates.Approved), (second.OpenReports, second.Repeated, second.State));
        Assert.Empty((await store.Queue.QueueAsync("news", new QueueQuery(), Ct)).Items);

        var third = Counted(await store.Reports.ReportAsync("news", "c1", "carol", "Toxic", Ct));

        Assert.True(third.HeldNow);
        var item = Assert.Single((await store.Queue.QueueAsync("news", new QueueQuery { Reason = ReasonCodes.Reported }, Ct)).Items);
        Assert.Equal(3, item.Reports.Count);
        Assert.Equal([new ReportReasonCount("Toxic", 2), new ReportReasonCount("Spam", 1)], item.Reports.Reasons);
        Assert.Equal(ReviewStates.Held, item.State);
        var audit = Assert.Single((await store.Queue.AuditAsync("news", null, ReportService.Actor, 10, Ct)).Entries);
        Assert.Equal(("Report", ReviewStates.Approved, ReviewStates.Held), (audit.Action, audit.FromState, audit.ToState));
        // A fourth reader adds to the count of a comment already held; it is not held twice.
        var fourth = Counted(await store.Reports.ReportAsync("news", "c1", "dave", "Spam", Ct));
        Assert.Equal((4, false, ReviewStates.Held), (fourth.OpenReports, fourth.HeldNow, fourth.State));
        Assert.Single((await store.Queue.AuditAsync("news", null, ReportService.Actor, 10, Ct)).Entries);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Readers_reporting_at_once_hold_the_comment_exactly_once_and_all_count(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        await store.AddAsync("c1", approved: true);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.Reports.ReportAsync("news", "c1", $"reader-{i}", "Spam", Ct))));

        var counted = outcomes.Select(Counted).ToList();
        Assert.Single(counted, c => c.HeldNow);
        Assert.Equal(Enumerable.Range(1, 8), counted.Select(c => c.OpenReports).Order());
        Assert.Single((await store.Queue.AuditAsync("news", null, ReportService.Actor, 10, Ct)).Entries);
        Assert.Equal(8, Assert.Single((await store.Queue.QueueAsync("news", new QueueQuery(), Ct)).Items).Reports.Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Limits_a_reader_per_window_and_lets_them_report_again_once_it_passed(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        for (var i = 1; i <= 3; i++)
        {
            await store.AddAsync($"c{i}", approved: true);
        }

        Counted(await store.Reports.ReportAsync("news", "c1", "flooder", "Spam", Ct));
        store.Time.Advance(TimeSpan.FromMinutes(10));
        Counted(await store.Reports.ReportAsync("news", "c2", "flooder", "Spam", Ct));

        var limited = Assert.IsType<ReportOutcome.Limited>(await store.Reports.ReportAsync("news", "c3", "flooder", "Spam", Ct));
        Assert.Equal(TimeSpan.FromMinutes(50), limited.RetryAfter);
        // Another site's limit is its own; another reader is not limited.
        Counted(await store.Reports.ReportAsync("news", "c3", "someone-else", "Spam", Ct));

        store.Time.Advance(TimeSpan.FromMinutes(51));
        var later = Counted(await store.Reports.ReportAsync("news", "c3", "flooder", "Spam", Ct));
        Assert.Equal(2, later.OpenReports);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Finds_no_comment_of_another_site_and_refuses_rejected_ones(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        await store.AddAsync("theirs", approved: true, siteId: "blog");
        await store.AddAsync("gone", approved: false);

        Assert.IsType<ReportOutcome.NotFound>(await store.Reports.ReportAsync("news", "theirs", "alice", "Spam", Ct));
        Assert.IsType<ReportOutcome.NotFound>(await store.Reports.ReportAsync("news", "never", "alice", "Spam", Ct));
        Assert.Equal(ReviewStates.Rejected, Assert.IsType<ReportOutcome.NotPublished>(await store.Reports.ReportAsync("news", "gone", "alice", "Spam", Ct)).State);
        await using var connection = await store.Database.OpenAsync(Ct);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reports"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_comment_decided_again_exports_one_label_per_task_from_the_last_human_decision(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        await store.AddAsync("c1", approved: false, held: true);
        var key = new DecisionKey("news", "c1", 0);

        var approval = Assert.IsType<DecideOutcome.Decided>(await store.Decide(key, approve: true, "FalsePositive"));
        Assert.Equal(["news:c1:0\tsome comment text\t0"], await store.LabelsAsync("toxicity"));
        foreach (var reader in new[] { "a", "b", "c" })
        {
            Counted(await store.Reports.ReportAsync("news", "c1", reader, "Spam", Ct));
        }

        var rejection = Assert.IsType<DecideOutcome.Decided>(await store.Decide(key, approve: false, "Spam"));

        Assert.NotEqual(approval.Decision.DecisionId, rejection.Decision.DecisionId);
        Assert.Equal(["news:c1:0\tsome comment text\t1"], await store.LabelsAsync("spam"));
        Assert.Equal(["news:c1:0\tsome comment text\t1"], await store.LabelsAsync("moderation"));
        Assert.Empty(await store.LabelsAsync("toxicity"));
        // The decision answered the reports: the comment is no longer "Reported".
        var detail = await store.Queue.FindAsync(key, Ct);
        Assert.Equal(0, detail!.Reports.Count);
        Assert.Equal(ReviewStates.Rejected, detail.State);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_generated_reporter_key_is_stored_once_and_shared_by_every_replica(string kind)
    {
        await using var store = await Store.CreateAsync(kind);
        using var replicaA = store.Hasher(null);
        using var replicaB = store.Hasher(null);
        using var configured = store.Hasher("a configured key of enough length");

        var a = await replicaA.HashAsync("news", "alice", Ct);
        var b = await replicaB.HashAsync("news", "alice", Ct);

        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{32}$", a);
        Assert.NotEqual(a, await replicaA.HashAsync("blog", "alice", Ct));
        Assert.NotEqual(a, await configured.HashAsync("news", "alice", Ct));
        await using var connection = await store.Database.OpenAsync(Ct);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM service_secrets"));
    }

    private static ReportOutcome.Counted Counted(ReportOutcome outcome) => Assert.IsType<ReportOutcome.Counted>(outcome);

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class Sites : ISiteSettingsProvider
    {
        public SiteSettings? Find(string siteId) => siteId is "news" or "blog"
            ? new SiteSettings { ReportsToHold = 3, ReportsPerReporter = new RateLimit { Max = 2, Window = TimeSpan.FromHours(1) } }
            : null;
    }

    private sealed class Store : IAsyncDisposable
    {
        private readonly Func<ValueTask> _dispose;
        private readonly ServiceProvider _services;
        private readonly IBusControl _bus;
        private bool _started;

        private Store(Database database, Func<ValueTask> dispose)
        {
            Database = database;
            _dispose = dispose;
            _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            _bus = MassTransit.Bus.Factory.CreateUsingInMemory(_ => { });
            Queue = new ReviewStore(database);
            Reports = new ReportService(database, Hasher("a test key of sixteen or more"), new Sites(), new ReviewQueueSignal(),
                new ModerationMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), Time, NullLogger<ReportService>.Instance);
        }

        public Database Database { get; }

        public Clock Time { get; } = new(T0);

        public ReviewStore Queue { get; }

        public ReportService Reports { get; }

        public ReporterHasher Hasher(string? key) =>
            new(Options.Create(new ReportsOptions { ReporterHashKey = key }), Database, Time, NullLogger<ReporterHasher>.Instance);

        public async Task AddAsync(string commentId, bool approved, string siteId = "news", bool held = false)
        {
            var comment = new CommentSubmitted
            {
                CommentId = commentId, SiteId = siteId, ThreadId = "t1", Text = "some comment text",
                Author = new CommentAuthor { Id = "author-1" }, SubmittedAt = T0,
            };
            var id = DecisionEvents.DecisionId(DecisionKey.Of(comment));
            IModerationDecision decision = held
                ? new CommentHeldForReview { DecisionId = id, CommentId = commentId, SiteId = siteId, ThreadId = "t1", Revision = 0, Reasons = [], Scores = [], PolicyVersion = "1", DecidedAt = T0, DecidedBy = DecidedBy.Pipeline }
                : approved
                    ? new CommentApproved { DecisionId = id, CommentId = commentId, SiteId = siteId, ThreadId = "t1", Revision = 0, Reasons = [], Scores = [], PolicyVersion = "1", DecidedAt = T0, DecidedBy = DecidedBy.Pipeline }
                    : new CommentRejected { DecisionId = id, CommentId = commentId, SiteId = siteId, ThreadId = "t1", Revision = 0, Reasons = [], Scores = [], PolicyVersion = "1", DecidedAt = T0, DecidedBy = DecidedBy.Pipeline };
            await new DecisionStore(Database).AddOrGetAsync(comment, decision, Ct);
        }

        public async Task<DecideOutcome> Decide(DecisionKey key, bool approve, string reasonCode)
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            var service = new ModeratorDecisionService(Database, new ReviewQueueSignal(), Time, NullLogger<ModeratorDecisionService>.Instance);
            if (!_started)
            {
                await _bus.StartAsync(Ct);
                _started = true;
            }

            return await service.DecideAsync(key, approve, reasonCode, null, null, "mia", _bus, Ct);
        }

        public async Task<List<string>> LabelsAsync(string task)
        {
            using var writer = new StringWriter();
            await new TrainingLabels(Database).WriteTsvAsync("news", task, writer, Ct);
            return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        }

        public static async Task<Store> CreateAsync(string kind)
        {
            var database = await ThrowawayDatabase.CreateAsync(kind, "moderation_reports");
            return new Store(database.Database, database.DisposeAsync);
        }

        public async ValueTask DisposeAsync()
        {
            if (_started)
            {
                await _bus.StopAsync();
            }

            await _services.DisposeAsync();
            await _dispose();
        }
    }
}
