using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.Service.Decisions;
using Moderation.Service.Tests.Support;
using Serilog.Core;

namespace Moderation.Service.Tests.Reports;

/// <summary>Readers report published comments through the website's backend; enough reports put one back in front of a moderator.</summary>
public sealed class ReportApiTests(ReportApiTests.ReportsFactory factory) : IClassFixture<ReportApiTests.ReportsFactory>
{
    private const string Kind = "Thanks for the thoughtful article, I learned a lot.";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_readers_put_an_approved_comment_back_in_the_queue_with_their_count_and_reasons()
    {
        using var site = factory.CreateSiteClient();
        var comment = await ApprovedAsync(site);
        var moderator = await factory.SignInAsync("mia");

        var first = await ReportAsync(site, comment.CommentId, "reader-a", "Spam");
        var second = await ReportAsync(site, comment.CommentId, "reader-b", "Spam");
        Assert.Equal(2, second.GetProperty("reports").GetInt32());
        Assert.Equal("Approved", second.GetProperty("state").GetString());
        Assert.False(second.GetProperty("heldForReview").GetBoolean());
        Assert.True(first.GetProperty("counted").GetBoolean());
        Assert.Equal(0, (await QueueAsync(moderator, comment)).GetProperty("total").GetInt32());

        var third = await ReportAsync(site, comment.CommentId, "reader-c", null);

        Assert.Equal(3, third.GetProperty("reports").GetInt32());
        Assert.Equal("Held", third.GetProperty("state").GetString());
        Assert.True(third.GetProperty("heldForReview").GetBoolean());
        var item = Assert.Single((await QueueAsync(moderator, comment)).GetProperty("items").EnumerateArray());
        Assert.Equal(ReasonCodes.Reported, item.GetProperty("reasonCodes")[0].GetString());
        Assert.Equal(3, item.GetProperty("reports").GetProperty("count").GetInt32());
        var reasons = item.GetProperty("reports").GetProperty("reasons").EnumerateArray()
            .Select(r => $"{r.GetProperty("reason").GetString()} {r.GetProperty("count").GetInt32()}").ToList();
        Assert.Equal(["Spam 2", "Other 1"], reasons);

        // The filter finds it; the comment's reasons say why it is back.
        var filtered = await moderator.GetFromJsonAsync<JsonElement>("/api/v1/review/test/queue?reason=Reported", Ct);
        Assert.Contains(filtered.GetProperty("items").EnumerateArray(), i => i.GetProperty("commentId").GetString() == comment.CommentId);
        var pipelineHeld = await new HeldComments(factory).HoldAsync();
        Assert.DoesNotContain(filtered.GetProperty("items").EnumerateArray(), i => i.GetProperty("commentId").GetString() == pipelineHeld.CommentId);
        var detail = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/comments/{comment.CommentId}/0", Ct);
        Assert.Equal("Held", detail.GetProperty("state").GetString());
        var reported = detail.GetProperty("reasons")[0];
        Assert.Equal(ReasonCodes.Reported, reported.GetProperty("code").GetString());
        Assert.Equal("Hold", reported.GetProperty("action").GetString());
        Assert.Equal("3 readers reported it (Spam 2, Other 1).", reported.GetProperty("message").GetString());

        // The audit log says readers did it, and never who.
        var audit = await moderator.GetFromJsonAsync<JsonElement>("/api/v1/review/test/audit?actor=readers", Ct);
        var entry = audit.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("commentId").GetString() == comment.CommentId);
        Assert.Equal("Approved", entry.GetProperty("fromState").GetString());
        Assert.Equal("Held", entry.GetProperty("toState").GetString());
        Assert.Equal(ReasonCodes.Reported, entry.GetProperty("reasonCode").GetString());
    }

    [Fact]
    public async Task The_same_reader_reporting_twice_counts_once()
    {
        using var site = factory.CreateSiteClient();
        var comment = await ApprovedAsync(site);

        var first = await ReportAsync(site, comment.CommentId, "reader-twice", "Toxic");
        var again = await ReportAsync(site, comment.CommentId, "reader-twice", "Toxic");
        var thrice = await ReportAsync(site, comment.CommentId, "reader-twice", "Spam");

        Assert.True(first.GetProperty("counted").GetBoolean());
        Assert.False(again.GetProperty("counted").GetBoolean());
        Assert.False(thrice.GetProperty("counted").GetBoolean());
        Assert.Equal(1, thrice.GetProperty("reports").GetInt32());
        Assert.Equal("Approved", thrice.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_reader_flooding_reports_is_refused_after_the_sites_limit_and_others_are_not()
    {
        using var site = factory.CreateSiteClient();
        var comments = new List<CommentSubmitted>();
        for (var i = 0; i <= ReportsFactory.PerReporter; i++)
        {
            comments.Add(await ApprovedAsync(site));
        }

        for (var i = 0; i < ReportsFactory.PerReporter; i++)
        {
            await ReportAsync(site, comments[i].CommentId, "flooder", "Spam");
        }

        using var refused = await site.PostAsJsonAsync(Route(comments[^1].CommentId), new { reporterId = $"flooder-{_run}", reason = "Spam" }, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("ReportLimitReached", problem.GetProperty("code").GetString());
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 3600);
        // The refused report was not counted; another reader's is.
        var other = await ReportAsync(site, comments[^1].CommentId, "calm-reader", "Spam");
        Assert.Equal(1, other.GetProperty("reports").GetInt32());
        // Repeating a report already on record is not refused: it adds nothing.
        var repeat = await ReportAsync(site, comments[0].CommentId, "flooder", "Spam");
        Assert.False(repeat.GetProperty("counted").GetBoolean());
    }

    [Fact]
    public async Task A_reader_cannot_report_a_comment_of_another_site_nor_learn_that_it_exists()
    {
        using var otherSite = factory.CreateSiteClient("other");
        var theirs = CommentBuilder.Comment(Kind, siteId: "other");
        var decided = await (await otherSite.PostAsJsonAsync("/api/v1/comments/check", theirs, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Approved", decided.GetProperty("outcome").GetString());
        using var site = factory.CreateSiteClient();

        // Under the other site's route: refused before anything is looked up, existing or not.
        using var foreign = await site.PostAsJsonAsync($"/api/v1/comments/other/{theirs.CommentId}/reports", new { reporterId = "r1" }, Ct);
        using var foreignMissing = await site.PostAsJsonAsync("/api/v1/comments/other/no-such-comment/reports", new { reporterId = "r1" }, Ct);
        // Under its own site's route: the other site's comment is simply not there.
        using var mine = await site.PostAsJsonAsync(Route(theirs.CommentId), new { reporterId = "r1" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignMissing.StatusCode);
        Assert.Equal("SiteForbidden", (await foreign.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, mine.StatusCode);
        Assert.Equal("UnknownComment", (await mine.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        var own = await ReportAsync(otherSite, theirs.CommentId, "r1", null, "other");
        Assert.Equal(1, own.GetProperty("reports").GetInt32());
    }

    [Fact]
    public async Task Reports_of_unknown_or_rejected_comments_and_bad_bodies_get_specific_errors()
    {
        using var site = factory.CreateSiteClient();
        var rejected = CommentBuilder.Comment("Cheap cialis here");
        (await site.PostAsJsonAsync("/api/v1/comments/check", rejected, Ct)).EnsureSuccessStatusCode();
        var approved = await ApprovedAsync(site);
        using var anonymous = factory.CreateClient();

        await AssertProblemAsync(await site.PostAsJsonAsync(Route("never-submitted"), new { reporterId = "r1" }, Ct), HttpStatusCode.NotFound, "UnknownComment");
        await AssertProblemAsync(await site.PostAsJsonAsync(Route(rejected.CommentId), new { reporterId = "r1" }, Ct), HttpStatusCode.Conflict, "CommentNotPublished");
        await AssertProblemAsync(await site.PostAsJsonAsync(Route(approved.CommentId), new { reason = "Spam" }, Ct), HttpStatusCode.BadRequest, "MissingField", "reporterId");
        await AssertProblemAsync(await site.PostAsJsonAsync(Route(approved.CommentId), new { reporterId = new string('x', 300) }, Ct), HttpStatusCode.UnprocessableEntity, "InvalidField", "reporterId");
        await AssertProblemAsync(await site.PostAsJsonAsync(Route(approved.CommentId), new { reporterId = "r1", reason = "Rude" }, Ct), HttpStatusCode.UnprocessableEntity, "InvalidField", "reason");
        await AssertProblemAsync(await site.PostAsync(Route(approved.CommentId), new StringContent("{\"reporterId\":", System.Text.Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest, "MalformedJson");
        await AssertProblemAsync(await site.PostAsync(Route(approved.CommentId), new StringContent("reporterId=r1"), Ct), HttpStatusCode.BadRequest, "UnsupportedContentType");
        using var unauthenticated = await anonymous.PostAsJsonAsync(Route(approved.CommentId), new { reporterId = "r1" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

        // None of the refused reports counted.
        Assert.Equal(1, (await ReportAsync(site, approved.CommentId, "r1", null)).GetProperty("reports").GetInt32());
    }

    [Fact]
    public async Task A_moderator_rejecting_a_reported_comment_publishes_CommentRejected_and_the_export_keeps_only_that_decision()
    {
        using var site = factory.CreateSiteClient();
        var moderator = await factory.SignInAsync("mia");
        var admin = await factory.SignInAsync("ada", "admin", "*");
        await using var events = await DecisionCollector.StartAsync(factory.Services.GetRequiredService<IBus>());

        // Held by the pipeline, approved by a moderator: labels say "not spam, not toxic".
        var comment = await new HeldComments(factory).HoldAsync($"Only an idiot would sell watches like these {Guid.NewGuid():N}");
        (await moderator.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/approve", new { reasonCode = "FalsePositive" }, Ct)).EnsureSuccessStatusCode();
        var approved = await events.WaitForAsync<CommentApproved>(comment.CommentId);
        Assert.Contains($"test:{comment.CommentId}:0\t", await admin.GetStringAsync("/api/v1/admin/labels/test?task=toxicity", Ct), StringComparison.Ordinal);

        foreach (var reader in new[] { "r1", "r2", "r3" })
        {
            await ReportAsync(site, comment.CommentId, reader, "Spam");
        }

        var item = Assert.Single((await QueueAsync(moderator, comment)).GetProperty("items").EnumerateArray());
        using var decided = await moderator.PostAsJsonAsync(
            $"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { version = item.GetProperty("version").GetInt32(), reasonCode = "Spam" }, Ct);

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var rejected = await events.WaitForAsync<CommentRejected>(comment.CommentId);
        Assert.Equal(DeciderKind.Moderator, rejected.DecidedBy.Kind);
        Assert.Equal("mia", rejected.DecidedBy.ModeratorId);
        Assert.NotEqual(approved.DecisionId, rejected.DecisionId);
        Assert.Equal(rejected.DecisionId, events.Received.Single(r => r.Decision is CommentRejected && r.Decision.CommentId == comment.CommentId).MessageId);
        var polled = await site.GetFromJsonAsync<JsonElement>($"/api/v1/decisions/test/{comment.CommentId}/0", Ct);
        Assert.Equal("Rejected", polled.GetProperty("outcome").GetString());

        // One label per task, from the last human decision; the approval's "not toxic" is gone.
        Assert.Equal([$"test:{comment.CommentId}:0\t{comment.Text}\t1"], Lines(await admin.GetStringAsync("/api/v1/admin/labels/test?task=spam", Ct), comment.CommentId));
        Assert.Equal([$"test:{comment.CommentId}:0\t{comment.Text}\t1"], Lines(await admin.GetStringAsync("/api/v1/admin/labels/test?task=moderation", Ct), comment.CommentId));
        Assert.Empty(Lines(await admin.GetStringAsync("/api/v1/admin/labels/test?task=toxicity", Ct), comment.CommentId));

        // Taken down: no more reports, and the answered ones no longer show.
        await AssertProblemAsync(await site.PostAsJsonAsync(Route(comment.CommentId), new { reporterId = "r4" }, Ct), HttpStatusCode.Conflict, "CommentNotPublished");
        var detail = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/comments/{comment.CommentId}/0", Ct);
        Assert.Equal(0, detail.GetProperty("reports").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task An_approval_answers_the_reports_so_the_next_hold_needs_new_readers()
    {
        using var site = factory.CreateSiteClient();
        var moderator = await factory.SignInAsync("mia");
        var comment = await ApprovedAsync(site);
        foreach (var reader in new[] { "r1", "r2", "r3" })
        {
            await ReportAsync(site, comment.CommentId, reader, "OffTopic");
        }

        await using var events = await DecisionCollector.StartAsync(factory.Services.GetRequiredService<IBus>());

        (await moderator.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/approve", new { reasonCode = "Acceptable" }, Ct)).EnsureSuccessStatusCode();
        var approval = await events.WaitForAsync<CommentApproved>(comment.CommentId);
        Assert.Equal(DeciderKind.Moderator, approval.DecidedBy.Kind);

        var afterOne = await ReportAsync(site, comment.CommentId, "r4", "OffTopic");
        Assert.Equal(1, afterOne.GetProperty("reports").GetInt32());
        Assert.Equal("Approved", afterOne.GetProperty("state").GetString());
        await ReportAsync(site, comment.CommentId, "r5", "OffTopic");
        var held = await ReportAsync(site, comment.CommentId, "r6", "OffTopic");
        Assert.True(held.GetProperty("heldForReview").GetBoolean());
    }

    [Fact]
    public async Task Reporter_ids_are_kept_only_as_keyed_hashes_and_never_logged_and_reports_are_counted_in_metrics()
    {
        using var site = factory.CreateSiteClient();
        var comment = await ApprovedAsync(site);
        const string reporter = "reader-jane.doe@example.org";

        await ReportAsync(site, comment.CommentId, reporter, "PersonalData");

        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            var hashes = (await connection.QueryAsync<string>("SELECT reporter_hash FROM reports WHERE comment_id = @id", new { id = comment.CommentId })).ToList();
            var hash = Assert.Single(hashes);
            Assert.Matches("^[0-9a-f]{32}$", hash);
            Assert.DoesNotContain("jane", hash, StringComparison.Ordinal);
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reports WHERE reporter_hash LIKE '%jane%' OR reason LIKE '%jane%'"));
        }

        Assert.DoesNotContain(factory.Logs.Events, e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("jane", StringComparison.Ordinal)
            || e.Properties.Values.Any(v => v.ToString().Contains("jane", StringComparison.Ordinal)));

        var text = "";
        for (var i = 0; i < 50 && !text.Contains("moderation_reports_total", StringComparison.Ordinal); i++)
        {
            text = await site.GetStringAsync("/metrics", Ct);
            if (!text.Contains("moderation_reports_total", StringComparison.Ordinal))
            {
                await Task.Delay(100, Ct);
            }
        }

        Assert.True(new PrometheusText(text).Sum("moderation_reports_total", ("site", "test"), ("result", "counted")) >= 1, text);
    }

    private static string Route(string commentId, string siteId = "test") => $"/api/v1/comments/{siteId}/{Uri.EscapeDataString(commentId)}/reports";

    private static List<string> Lines(string tsv, string commentId) =>
        tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains($":{commentId}:", StringComparison.Ordinal)).ToList();

    private static async Task<CommentSubmitted> ApprovedAsync(HttpClient site)
    {
        var comment = CommentBuilder.Comment(Kind);
        using var response = await site.PostAsJsonAsync("/api/v1/comments/check", comment, Ct);
        var decided = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Approved", decided.GetProperty("outcome").GetString());
        return comment;
    }

    /// <summary>Files a report that must succeed. Reader names are made unique per test: the tests share one host, and so its per-reader limit.</summary>
    private async Task<JsonElement> ReportAsync(HttpClient site, string commentId, string reader, string? reason, string siteId = "test")
    {
        using var response = await site.PostAsJsonAsync(Route(commentId, siteId), new { reporterId = $"{reader}-{_run}", reason }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<JsonElement> QueueAsync(HttpClient moderator, CommentSubmitted comment) =>
        moderator.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/queue?author={comment.Author.Id}&thread={comment.ThreadId}&limit=200", Ct)
            .ContinueWith(t => Filter(t.Result, comment.CommentId), TaskScheduler.Default);

    /// <summary>The queue as if it held only this comment (other tests share the host).</summary>
    private static JsonElement Filter(JsonElement page, string commentId)
    {
        var items = page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("commentId").GetString() == commentId).ToList();
        return JsonDocument.Parse(JsonSerializer.Serialize(new { items, total = items.Count })).RootElement.Clone();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal(code, problem.GetProperty("code").GetString());
            if (field is not null)
            {
                Assert.Equal(field, problem.GetProperty("field").GetString());
            }
        }
    }

    /// <summary>The test host with a small per-reader limit, and every log event collected.</summary>
    public sealed class ReportsFactory : ServiceFactory
    {
        public const int PerReporter = 4;

        public LogCollector Logs { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Moderation:Sites:test:ReportsPerReporter:Max"] = PerReporter.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Moderation:Sites:test:ReportsPerReporter:Window"] = "01:00:00",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Logs));
        }
    }
}
