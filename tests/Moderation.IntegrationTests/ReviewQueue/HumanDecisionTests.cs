using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.IntegrationTests.Support;
using Moderation.Service.Auth;

namespace Moderation.IntegrationTests.ReviewQueue;

/// <summary>
/// The moderator's path on the real components: a comment held on RabbitMQ, decided by a person in the
/// review API on PostgreSQL, the decision event back to the website, the label in the training export.
/// </summary>
[Collection(RealServicesGroup.Name)]
public sealed class HumanDecisionTests(RealServices services, RealServiceHost host)
{
    private const string Password = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Held_then_rejected_by_a_moderator_publishes_the_event_once_and_exports_the_label()
    {
        services.Require();
        var events = new ConcurrentQueue<(IModerationDecision Decision, Guid? MessageId)>();
        var backend = await StartBackendAsync(events);
        try
        {
            // Three links where the test site allows two: the pipeline holds it for a person.
            var comment = Comment("Cheap watches at https://a.example/x and https://b.example/y and https://c.example/z");
            await backend.Publish(comment, Ct);
            var held = await Eventually(() => events.Select(e => e.Decision).OfType<CommentHeldForReview>().FirstOrDefault(d => d.CommentId == comment.CommentId));
            Assert.Contains(held.Reasons, r => r.Code == ReasonCodes.TooManyLinks);

            var moderator = await SignInAsync("it-mia", Roles.Moderator);
            var queue = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/queue?thread={comment.ThreadId}", Ct);
            var item = Assert.Single(queue.GetProperty("items").EnumerateArray());
            Assert.Equal(comment.CommentId, item.GetProperty("commentId").GetString());
            using var decided = await moderator.PostAsJsonAsync(
                $"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { version = item.GetProperty("version").GetInt32(), reasonCode = "Spam", note = "watch spam" }, Ct);
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

            var rejected = await Eventually(() => events.Select(e => e.Decision).OfType<CommentRejected>().FirstOrDefault(d => d.CommentId == comment.CommentId));
            Assert.Equal(DeciderKind.Moderator, rejected.DecidedBy.Kind);
            Assert.Equal("it-mia", rejected.DecidedBy.ModeratorId);
            Assert.Equal("Spam: watch spam", rejected.DecidedBy.Note);
            Assert.Equal(rejected.DecisionId, events.Single(e => e.Decision is CommentRejected && e.Decision.CommentId == comment.CommentId).MessageId);
            await Task.Delay(500, Ct); // a second event would arrive by now
            Assert.Single(events, e => e.Decision is CommentRejected && e.Decision.CommentId == comment.CommentId);

            // The moderator's other views read the same rows on PostgreSQL.
            var found = await moderator.GetFromJsonAsync<JsonElement>("/api/v1/review/test/search?q=CHEAP%20WATCHES&state=Rejected", Ct);
            Assert.Contains(found.GetProperty("items").EnumerateArray(), i => i.GetProperty("commentId").GetString() == comment.CommentId);
            var history = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/authors/{comment.Author.Id}", Ct);
            Assert.True(history.GetProperty("rejected").GetInt32() >= 1);
            var audit = await moderator.GetFromJsonAsync<JsonElement>("/api/v1/review/test/audit?actor=it-mia", Ct);
            var entry = audit.GetProperty("entries").EnumerateArray().First(e => e.GetProperty("commentId").GetString() == comment.CommentId);
            Assert.Equal("Held", entry.GetProperty("fromState").GetString());
            Assert.Equal("Rejected", entry.GetProperty("toState").GetString());
            var riskiest = await moderator.GetFromJsonAsync<JsonElement>(
                $"/api/v1/review/test/queue?sort=riskiest&reason=TooManyLinks&minScore=0&maxScore=1&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}", Ct);
            Assert.Equal(JsonValueKind.Array, riskiest.GetProperty("items").ValueKind);

            var admin = await SignInAsync("it-ada", Roles.Admin);
            var tsv = await admin.GetStringAsync("/api/v1/admin/labels/test?task=spam", Ct);
            Assert.Contains($"test:{comment.CommentId}:0\t{comment.Text}\t1\n", tsv, StringComparison.Ordinal);
            var exported = await ExportWithTheCommandAsync();
            Assert.Contains($"test:{comment.CommentId}:0\t{comment.Text}\t1", exported, StringComparison.Ordinal);
        }
        finally
        {
            await backend.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task Two_moderators_racing_on_PostgreSQL_decide_a_comment_once()
    {
        services.Require();
        var events = new ConcurrentQueue<(IModerationDecision Decision, Guid? MessageId)>();
        var backend = await StartBackendAsync(events);
        try
        {
            var comment = Comment("Links: https://a.example/1 https://b.example/2 https://c.example/3");
            await backend.Publish(comment, Ct);
            await Eventually(() => events.Select(e => e.Decision).OfType<CommentHeldForReview>().FirstOrDefault(d => d.CommentId == comment.CommentId));
            var racers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => SignInAsync($"it-racer-{i}", Roles.Moderator)));

            var answers = await Task.WhenAll(racers.Select((c, i) =>
                c.PostAsJsonAsync($"/api/v1/review/test/comments/{comment.CommentId}/0/{(i % 2 == 0 ? "approve" : "reject")}", new { version = 1 }, Ct)));

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
            await Eventually(() => events.FirstOrDefault(e => e.Decision.CommentId == comment.CommentId && e.Decision.DecidedBy.Kind == DeciderKind.Moderator).Decision);
            await Task.Delay(500, Ct);
            Assert.Single(events, e => e.Decision.CommentId == comment.CommentId && e.Decision.DecidedBy.Kind == DeciderKind.Moderator);
        }
        finally
        {
            await backend.StopAsync(Ct);
        }
    }

    /// <summary>A website backend on the broker, subscribed to every decision event.</summary>
    private async Task<IBusControl> StartBackendAsync(ConcurrentQueue<(IModerationDecision, Guid?)> events)
    {
        _ = host.Services; // start the service
        var backend = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(services.RabbitMqUri));
            cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders, isDefault: true);
            cfg.UseRawJsonDeserializer(RawSerializerOptions.AddTransportHeaders, isDefault: true);
            cfg.ReceiveEndpoint($"backend-review-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<CommentHeldForReview>(c => Add(c.Message, c.MessageId));
                e.Handler<CommentApproved>(c => Add(c.Message, c.MessageId));
                e.Handler<CommentRejected>(c => Add(c.Message, c.MessageId));
            });
        });
        await backend.StartAsync(Ct);
        return backend;

        Task Add(IModerationDecision decision, Guid? messageId)
        {
            events.Enqueue((decision, messageId));
            return Task.CompletedTask;
        }
    }

    private async Task<HttpClient> SignInAsync(string userName, string role)
    {
        await host.Services.GetRequiredService<UserStore>().UpsertAsync(userName, null, Password, role, ["test"], Ct);
        var client = host.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/session", new { userName, password = Password }, Ct)).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Runs the service's export-labels verb against the same PostgreSQL, as an operator would.</summary>
    private async Task<string> ExportWithTheCommandAsync()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("moderation-export-").FullName, "labels.tsv");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Moderation.Service.dll"), "export-labels", "--site", "test", "--task", "spam", "--out", output },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Postgres"] = host.Postgres;
        start.Environment["Moderation__Sites__test__PolicyVersion"] = "it-1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, await stderr);
        return await File.ReadAllTextAsync(output, Ct);
    }

    private static CommentSubmitted Comment(string text) => new()
    {
        CommentId = $"it-{Guid.NewGuid():N}",
        SiteId = "test",
        ThreadId = $"thread-{Guid.NewGuid():N}",
        Text = text,
        Author = new CommentAuthor { Id = "it-author" },
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<T> Eventually<T>(Func<T?> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException("The expected event did not arrive within 30 s.");
    }
}
