using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.Service.Decisions;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.ReviewQueue;

/// <summary>Moderators decide: events, labels, audit, and never two decisions on one comment.</summary>
public sealed class DecisionApiTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly HeldComments _held = new(factory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Approving_publishes_one_approval_that_names_the_moderator_and_leaves_the_queue()
    {
        var comment = await _held.HoldAsync(thread: $"t-{Guid.NewGuid():N}", spam: 0.4);
        await using var events = await DecisionCollector.StartAsync(factory.Services.GetRequiredService<IBus>());
        var client = await factory.SignInAsync("mia");

        using var response = await client.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/approve", new { version = 1, reasonCode = "FalsePositive", note = "quoting the article" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Approved", body.GetProperty("state").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.True(body.GetProperty("decision").GetProperty("published").GetBoolean());

        var approved = Assert.IsType<CommentApproved>(await events.WaitForAsync(comment.CommentId));
        Assert.Equal(DeciderKind.Moderator, approved.DecidedBy.Kind);
        Assert.Equal("mia", approved.DecidedBy.ModeratorId);
        Assert.Equal("FalsePositive: quoting the article", approved.DecidedBy.Note);
        Assert.Equal(ReasonCodes.ModeratorDecision, approved.Reasons.Single().Code);
        Assert.Equal(0.4, approved.Scores.Single().Value);
        Assert.Equal(DecisionEvents.DecisionId(DecisionKey.Of(comment), "moderator"), approved.DecisionId);
        Assert.Equal(approved.DecisionId, events.Received.Single(r => r.Decision.CommentId == comment.CommentId).MessageId);

        var queue = await client.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/queue?thread={comment.ThreadId}", Ct);
        Assert.Equal(0, queue.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Rejecting_publishes_a_rejection_and_records_a_spam_label()
    {
        var comment = await _held.HoldAsync("Visit my shop for cheap watches idiot");
        await using var events = await DecisionCollector.StartAsync(factory.Services.GetRequiredService<IBus>());
        var client = await factory.SignInAsync("mia");

        (await client.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { reasonCode = "Spam" }, Ct)).EnsureSuccessStatusCode();

        var rejected = Assert.IsType<CommentRejected>(await events.WaitForAsync(comment.CommentId));
        Assert.Equal("mia", rejected.DecidedBy.ModeratorId);
        var admin = await factory.SignInAsync("ada", "admin", "*");
        var tsv = await admin.GetStringAsync("/api/v1/admin/labels/test?task=spam", Ct);
        Assert.StartsWith("id\ttext\tlabel\n", tsv, StringComparison.Ordinal);
        Assert.Contains($"test:{comment.CommentId}:0\tVisit my shop for cheap watches idiot\t1\n", tsv, StringComparison.Ordinal);
        // A spam rejection says nothing about toxicity.
        Assert.DoesNotContain(comment.CommentId, await admin.GetStringAsync("/api/v1/admin/labels/test?task=toxicity", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_without_a_bus_reads_the_moderators_decision_where_it_read_the_hold()
    {
        var site = factory.CreateSiteClient();
        var comment = CommentBuilder.Comment("Only an idiot would polish this headline.");
        (await site.PostAsJsonAsync("/api/v1/comments/check", comment, Ct)).EnsureSuccessStatusCode();
        var location = $"/api/v1/decisions/test/{comment.CommentId}/0";
        Assert.Equal("HeldForReview", (await site.GetFromJsonAsync<JsonElement>(location, Ct)).GetProperty("outcome").GetString());
        var mia = await factory.SignInAsync("mia");

        (await mia.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { reasonCode = "Toxic" }, Ct)).EnsureSuccessStatusCode();

        var after = await site.GetFromJsonAsync<JsonElement>(location, Ct);
        Assert.Equal("Rejected", after.GetProperty("outcome").GetString());
        Assert.Equal("Moderator", after.GetProperty("decision").GetProperty("decidedBy").GetProperty("kind").GetString());
        Assert.Equal("mia", after.GetProperty("decision").GetProperty("decidedBy").GetProperty("moderatorId").GetString());
    }

    [Fact]
    public async Task The_second_moderator_gets_a_conflict_naming_who_decided_first()
    {
        var comment = await _held.HoldAsync();
        var mia = await factory.SignInAsync("mia");
        var noah = await factory.SignInAsync("noah");
        (await mia.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/approve", new { version = 1 }, Ct)).EnsureSuccessStatusCode();

        using var response = await noah.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { version = 1, reasonCode = "Toxic" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("AlreadyDecided", problem.GetProperty("code").GetString());
        Assert.Equal("mia", problem.GetProperty("decidedBy").GetString());
        Assert.Equal("Approved", problem.GetProperty("state").GetString());
        Assert.Contains("mia already approved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_even_while_the_comment_is_held()
    {
        var comment = await _held.HoldAsync();
        var mia = await factory.SignInAsync("mia");

        using var response = await mia.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/approve", new { version = 7 }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("StaleVersion", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Of_many_moderators_deciding_at_once_exactly_one_wins_and_one_event_is_published()
    {
        var comment = await _held.HoldAsync();
        await using var events = await DecisionCollector.StartAsync(factory.Services.GetRequiredService<IBus>());
        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => factory.SignInAsync($"racer{i}")));

        var responses = await Task.WhenAll(clients.Select((c, i) =>
            c.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/{(i % 2 == 0 ? "approve" : "reject")}", new { version = 1 }, Ct)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await events.WaitForAsync(comment.CommentId);
        await Task.Delay(300, Ct);
        Assert.Equal(1, events.CountFor(comment.CommentId));
    }

    [Fact]
    public async Task Bulk_approve_decides_every_held_item_and_reports_conflicts_and_unknown_items()
    {
        var a = await _held.HoldAsync();
        var b = await _held.HoldAsync();
        var taken = await _held.HoldAsync();
        var mia = await factory.SignInAsync("mia");
        (await mia.PostAsJsonAsync($"/api/v1/review/test/comments/{taken.CommentId}/0/reject", new { }, Ct)).EnsureSuccessStatusCode();
        await using var events = await DecisionCollector.StartAsync(factory.Services.GetRequiredService<IBus>());
        var noah = await factory.SignInAsync("noah");

        using var response = await noah.PostAsJsonAsync("/api/v1/review/test/bulk", new
        {
            action = "approve",
            items = new object[]
            {
                new { commentId = a.CommentId, revision = 0, version = 1 },
                new { commentId = b.CommentId, revision = 0 },
                new { commentId = taken.CommentId, revision = 0, version = 1 },
                new { commentId = "never-held", revision = 0 },
            },
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, body.GetProperty("decided").GetInt32());
        Assert.Equal(1, body.GetProperty("conflicts").GetInt32());
        Assert.Equal(1, body.GetProperty("notFound").GetInt32());
        var conflict = body.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("status").GetString() == "conflict");
        Assert.Equal("mia", conflict.GetProperty("decidedBy").GetString());
        Assert.IsType<CommentApproved>(await events.WaitForAsync(a.CommentId));
        Assert.IsType<CommentApproved>(await events.WaitForAsync(b.CommentId));
    }

    [Fact]
    public async Task Bulk_reject_uses_the_reason_for_every_item()
    {
        var a = await _held.HoldAsync();
        var b = await _held.HoldAsync();
        await using var events = await DecisionCollector.StartAsync(factory.Services.GetRequiredService<IBus>());
        var mia = await factory.SignInAsync("mia");

        using var response = await mia.PostAsJsonAsync("/api/v1/review/test/bulk", new
        {
            action = "reject", reasonCode = "Toxic", note = "pile-on",
            items = new[] { new { commentId = a.CommentId, revision = 0 }, new { commentId = b.CommentId, revision = 0 } },
        }, Ct);

        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("decided").GetInt32());
        var rejected = Assert.IsType<CommentRejected>(await events.WaitForAsync(b.CommentId));
        Assert.Equal("Toxic: pile-on", rejected.DecidedBy.Note);
    }

    [Theory]
    [InlineData("{\"action\":\"delete\",\"items\":[{\"commentId\":\"x\",\"revision\":0}]}", "InvalidAction")]
    [InlineData("{\"action\":\"approve\",\"items\":[]}", "InvalidItems")]
    [InlineData("{\"action\":\"approve\",\"reasonCode\":\"Spam\",\"items\":[{\"commentId\":\"x\",\"revision\":0}]}", "UnknownReasonCode")]
    public async Task Bulk_refuses_a_bad_request_with_a_specific_problem(string json, string code)
    {
        var mia = await factory.SignInAsync("mia");

        using var response = await mia.PostAsync("/api/v1/review/test/bulk", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Bulk_refuses_more_items_than_the_limit()
    {
        var mia = await factory.SignInAsync("mia");
        var items = Enumerable.Range(0, ReviewApi.MaxBulkItems + 1).Select(i => new { commentId = $"c{i}", revision = 0 });

        using var response = await mia.PostAsJsonAsync("/api/v1/review/test/bulk", new { action = "approve", items }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Refuses_an_unknown_reason_code_and_an_overlong_note()
    {
        var comment = await _held.HoldAsync();
        var mia = await factory.SignInAsync("mia");

        using var badCode = await mia.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { reasonCode = "BecauseISaidSo" }, Ct);
        using var longNote = await mia.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { note = new string('n', 1001) }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.Equal("NoteTooLong", (await longNote.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Deciding_a_comment_that_was_never_held_is_not_found()
    {
        var site = factory.CreateSiteClient();
        var comment = CommentBuilder.Comment("A fine comment.");
        (await site.PostAsJsonAsync("/api/v1/comments/check", comment, Ct)).EnsureSuccessStatusCode();
        var mia = await factory.SignInAsync("mia");

        using var response = await mia.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_audit_log_says_who_did_what_when_and_from_which_state()
    {
        var comment = await _held.HoldAsync();
        var auditor = $"aud{Guid.NewGuid():N}"[..12];
        var client = await factory.SignInAsync(auditor);
        (await client.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { reasonCode = "OffTopic", note = "wrong thread" }, Ct)).EnsureSuccessStatusCode();

        var audit = await client.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/audit?actor={auditor}", Ct);

        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal("Reject", entry.GetProperty("action").GetString());
        Assert.Equal(comment.CommentId, entry.GetProperty("commentId").GetString());
        Assert.Equal("Held", entry.GetProperty("fromState").GetString());
        Assert.Equal("Rejected", entry.GetProperty("toState").GetString());
        Assert.Equal("OffTopic", entry.GetProperty("reasonCode").GetString());
        Assert.Equal("wrong thread", entry.GetProperty("note").GetString());
        Assert.True(entry.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task The_detail_shows_the_moderators_decision_after_it_is_made()
    {
        var comment = await _held.HoldAsync();
        var mia = await factory.SignInAsync("mia");
        (await mia.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/approve", new { note = "ok" }, Ct)).EnsureSuccessStatusCode();

        var detail = await mia.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/comments/{comment.CommentId}/0", Ct);

        Assert.Equal("Approved", detail.GetProperty("state").GetString());
        Assert.Equal("HeldForReview", detail.GetProperty("pipelineOutcome").GetString());
        Assert.Equal("mia", detail.GetProperty("moderator").GetProperty("decidedBy").GetString());
        Assert.True(detail.GetProperty("moderator").GetProperty("published").GetBoolean());
    }

    [Fact]
    public async Task A_decision_stored_but_not_published_is_republished_identically()
    {
        var comment = await _held.HoldAsync();
        var mia = await factory.SignInAsync("mia");
        (await mia.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/approve", new { }, Ct)).EnsureSuccessStatusCode();
        // As if the broker had been down: the stored decision is not marked published, and it is old enough.
        var database = factory.Services.GetRequiredService<Moderation.Service.Storage.Database>();
        await using (var connection = await database.OpenAsync(Ct))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"UPDATE reviews SET published_at = NULL, decided_at = '2020-01-01T00:00:00.0000000Z' WHERE comment_id = '{comment.CommentId}'";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var events = await DecisionCollector.StartAsync(factory.Services.GetRequiredService<IBus>());
        var republisher = factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<UnpublishedDecisionsRepublisher>().Single();

        Assert.True(await republisher.RepublishAsync(Ct) >= 1);
        var again = Assert.IsType<CommentApproved>(await events.WaitForAsync(comment.CommentId));
        Assert.Equal(DecisionEvents.DecisionId(DecisionKey.Of(comment), "moderator"), events.Received.Single(r => r.Decision.CommentId == comment.CommentId).MessageId);
        Assert.Equal("mia", again.DecidedBy.ModeratorId);
        Assert.Equal(0, await republisher.RepublishAsync(Ct));
    }
}
