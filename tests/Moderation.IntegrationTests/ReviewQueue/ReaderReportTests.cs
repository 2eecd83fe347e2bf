using System.Collections.Concurrent;
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
/// Readers' reports on the real components: a comment approved over RabbitMQ, reported through the
/// HTTP API into PostgreSQL, taken down by a moderator, the takedown back to the website on the broker.
/// </summary>
[Collection(RealServicesGroup.Name)]
public sealed class ReaderReportTests(RealServices services, RealServiceHost host)
{
    private const string Password = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reports_bring_an_approved_comment_back_and_the_moderators_reject_reaches_the_website()
    {
        services.Require();
        var events = new ConcurrentQueue<(IModerationDecision Decision, Guid? MessageId)>();
        var backend = await StartBackendAsync(events);
        try
        {
            var comment = new CommentSubmitted
            {
                CommentId = $"it-{Guid.NewGuid():N}", SiteId = "test", ThreadId = $"thread-{Guid.NewGuid():N}",
                Text = "Great piece, thank you for the careful reporting.", Author = new CommentAuthor { Id = "it-author" }, SubmittedAt = DateTimeOffset.UtcNow,
            };
            await backend.Publish(comment, Ct);
            var approved = await Eventually(() => events.Select(e => e.Decision).OfType<CommentApproved>().FirstOrDefault(d => d.CommentId == comment.CommentId));
            using var site = await SiteClientAsync();

            var answers = new List<JsonElement>();
            foreach (var reader in new[] { "reader-1", "reader-2", "reader-2", "reader-3" })
            {
                using var response = await site.PostAsJsonAsync($"/api/v1/comments/test/{comment.CommentId}/reports", new { reporterId = $"{reader}-{comment.CommentId}", reason = "Toxic" }, Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answers.Add(await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
            }

            Assert.Equal([1, 2, 2, 3], answers.Select(a => a.GetProperty("reports").GetInt32()));
            Assert.Equal(["Approved", "Approved", "Approved", "Held"], answers.Select(a => a.GetProperty("state").GetString()));

            var moderator = await SignInAsync("it-report-mia");
            var queue = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/queue?thread={comment.ThreadId}&reason=Reported", Ct);
            var item = Assert.Single(queue.GetProperty("items").EnumerateArray());
            Assert.Equal(3, item.GetProperty("reports").GetProperty("count").GetInt32());
            using var decided = await moderator.PostAsJsonAsync(
                $"/api/v1/review/test/comments/{comment.CommentId}/0/reject", new { version = item.GetProperty("version").GetInt32(), reasonCode = "Toxic" }, Ct);
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

            var rejected = await Eventually(() => events.Select(e => e.Decision).OfType<CommentRejected>().FirstOrDefault(d => d.CommentId == comment.CommentId));
            Assert.Equal(DeciderKind.Moderator, rejected.DecidedBy.Kind);
            Assert.NotEqual(approved.DecisionId, rejected.DecisionId);
            Assert.Equal(rejected.DecisionId, events.Single(e => e.Decision is CommentRejected && e.Decision.CommentId == comment.CommentId).MessageId);
        }
        finally
        {
            await backend.StopAsync(Ct);
        }
    }

    private async Task<HttpClient> SiteClientAsync()
    {
        var (_, key) = await host.Services.GetRequiredService<ApiKeyStore>().CreateAsync("test", "it-reports", "tests", Ct);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        return client;
    }

    private async Task<HttpClient> SignInAsync(string userName)
    {
        await host.Services.GetRequiredService<UserStore>().UpsertAsync(userName, null, Password, Roles.Moderator, ["test"], Ct);
        var client = host.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/session", new { userName, password = Password }, Ct)).EnsureSuccessStatusCode();
        return client;
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
            cfg.ReceiveEndpoint($"backend-reports-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
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
