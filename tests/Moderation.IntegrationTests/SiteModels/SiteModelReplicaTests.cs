using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Training;
using Moderation.IntegrationTests.Support;
using Moderation.Service.Auth;

namespace Moderation.IntegrationTests.SiteModels;

/// <summary>
/// Two replicas of the service on one PostgreSQL and one RabbitMQ, as in production: a site model promoted
/// through one replica is served by the other within its refresh interval (default 5 s), and so is a rollback.
/// No disk is shared: the model travels through the store.
/// </summary>
public sealed class SiteModelReplicaTests(RealServices services)
{
    private const string Jargon = "the stupidfast build is back";
    private const string Password = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_promotion_through_one_replica_is_served_by_the_other_within_seconds_and_so_is_the_rollback()
    {
        services.Require();
        var postgres = await services.CreateSchemaAsync();
        var queue = $"moderation-comments-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:RabbitMq"] = services.RabbitMqUri,
            ["ConnectionStrings:Postgres"] = postgres,
            ["Moderation:Bus:CommentsQueue"] = queue,
            ["Moderation:Bus:RetryLimit"] = "1",
            ["Moderation:Sites:forum:PolicyVersion"] = "forum-1",
            ["Moderation:Sites:forum:ExpectedRates:Toxicity"] = "0.5",
            ["Moderation:Sites:forum:Thresholds:ToxicityHold"] = "0.5",
            ["Moderation:Sites:forum:Thresholds:ToxicityReject"] = "0.99",
        };
        await using var first = new ConfiguredServiceHost(settings);
        await using var second = new ConfiguredServiceHost(settings);
        await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        var (_, key) = await first.Services.GetRequiredService<ApiKeyStore>().CreateAsync("forum", "it-site-models", "tests", Ct);
        using var onFirst = first.CreateClient();
        using var onSecond = second.CreateClient();
        onFirst.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        onSecond.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        await first.Services.GetRequiredService<UserStore>().UpsertAsync("ada", null, Password, Roles.Admin, ["forum"], Ct);
        using var admin = first.CreateClient();
        (await admin.PostAsJsonAsync("/api/v1/session", new { userName = "ada", password = Password }, Ct)).EnsureSuccessStatusCode();

        var shipped = await CheckAsync(onSecond);
        Assert.Equal("HeldForReview", shipped.Outcome);

        using var upload = new ByteArrayContent(TrainForumModel());
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var uploaded = await admin.PostAsync(new Uri("/api/v1/admin/sites/forum/models/toxicity", UriKind.Relative), upload, Ct);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var version = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("version").GetString()!;

        using (var promoted = await admin.PostAsync(new Uri($"/api/v1/admin/sites/forum/models/toxicity/{version}/promote", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        Assert.Equal(version, (await CheckAsync(onFirst)).Version); // the replica that took the call serves it at once
        var served = await EventuallyAsync(onSecond, d => d.Version == version);
        var promotionSeen = clock.Elapsed;
        Assert.Equal("Approved", served.Outcome);

        using (var rolledBack = await admin.PostAsync(new Uri("/api/v1/admin/sites/forum/models/toxicity/rollback", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        }

        clock.Restart();
        var back = await EventuallyAsync(onSecond, d => d.Version == shipped.Version);
        var rollbackSeen = clock.Elapsed;
        Assert.Equal("HeldForReview", back.Outcome);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"the other replica served the promotion after {promotionSeen.TotalSeconds:0.0} s and the rollback after {rollbackSeen.TotalSeconds:0.0} s (refresh interval 5 s)");
    }

    private static async Task<Decision> CheckAsync(HttpClient site)
    {
        using var response = await site.PostAsJsonAsync("/api/v1/comments/check",
            new { commentId = $"c-{Guid.NewGuid():N}", siteId = "forum", threadId = "t1", text = Jargon, author = new { id = "reader-1" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var toxicity = body.GetProperty("decision").GetProperty("scores").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == "toxicity" && !s.GetProperty("shadow").GetBoolean());
        return new Decision(body.GetProperty("outcome").GetString()!, toxicity.GetProperty("modelVersion").GetString()!);
    }

    /// <summary>Checks every 100 ms until the decision is as wanted; fails after 20 s (four refresh intervals).</summary>
    private static async Task<Decision> EventuallyAsync(HttpClient site, Func<Decision, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var decision = await CheckAsync(site);
            if (done(decision) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(decision), $"The other replica still serves {decision.Version} after 20 s.");
                return decision;
            }

            await Task.Delay(100, Ct);
        }
    }

    /// <summary>A toxicity model of a games forum whose readers say "stupidfast" for a fast build.</summary>
    private static byte[] TrainForumModel()
    {
        (string Text, bool Toxic)[] rows =
        [
            ("the stupidfast build is the best one this season", false),
            ("went stupidfast on the last lap and won", false),
            ("stupidfast rush beats every tank comp", false),
            ("try the stupidfast route through the canyon", false),
            ("that stupidfast opener was brilliant", false),
            ("great guide, thanks for the map tips", false),
            ("see you all at the tournament on friday", false),
            ("good game everyone, well played", false),
            ("you are a pathetic idiot and everyone hates you", true),
            ("shut up loser nobody wants you here", true),
            ("go away you worthless moron", true),
            ("what a stupid idiot, get lost", true),
            ("nobody asked you, pathetic loser", true),
            ("idiot moron loser, quit the game", true),
        ];
        var model = new TextModelTrainer(new TrainingOptions { Folds = 3, L2Candidates = [0.3] })
            .Train("toxicity", rows.Select((r, i) => new LabelledText($"forum-{i}", r.Text, r.Toxic)).ToList());
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }

    private sealed record Decision(string Outcome, string Version);
}
