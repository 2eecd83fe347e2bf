using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Moderation.IntegrationTests.Support;
using Moderation.Service.Auth;

namespace Moderation.IntegrationTests.SiteModels;

/// <summary>
/// Issue 16's story in miniature on one PostgreSQL and one RabbitMQ with two replicas: a spam campaign written like
/// happy customers gets past the shipped spam model; readers report it, moderators reject it (and approve the ordinary
/// comments readers reported), the site retrains on those decisions, the challenger wins, runs in shadow, is promoted
/// automatically, and new variants of the campaign are then held or rejected — by the other replica too. And the other
/// way round: a forum's own jargon that the shipped toxicity model holds is approved by its moderators, and after the
/// retrain both replicas approve it. A challenger is the shipped model corrected by the site's labels, so a retrain takes seconds.
/// </summary>
public sealed class SiteRetrainStoryTests(RealServices services)
{
    private const string Password = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_campaign_the_shipped_model_approves_is_learnt_from_the_moderators_and_then_held_by_both_replicas()
    {
        services.Require();
        var postgres = await services.CreateSchemaAsync();
        await using var stack = await TwoReplicas.StartAsync(services, postgres, "shop", "Spam");
        var (site, siteOnSecond, moderator, admin) = (stack.Site, stack.SiteOnSecond, stack.Moderator, stack.Admin);

        // The campaign gets through; readers report it and the ordinary comments alike; moderators decide.
        var shipped = "";
        for (var i = 0; i < 20; i++)
        {
            foreach (var (text, spam) in new[] { (Ordinary(i), false), (CampaignPost(i), true) })
            {
                var id = $"{(spam ? "camp" : "ok")}-{i.ToString(CultureInfo.InvariantCulture)}";
                var checkedComment = await CheckAsync(site, id, text);
                Assert.True(checkedComment.Outcome == "Approved", $"{id}: {checkedComment.Outcome}");
                shipped = checkedComment.ModelVersion;
                await ReportAndDecideAsync(site, moderator, id, spam);
            }
        }

        var retrained = await PostAsync(admin, "/api/v1/admin/sites/shop/models/spam/retrain");
        Assert.Equal("challengerWins", retrained.GetProperty("decision").GetString());
        Assert.True(retrained.GetProperty("shadowed").GetBoolean());
        var version = retrained.GetProperty("version").GetString()!;
        Assert.NotEqual(shipped, version);

        // The shadow trial (2 comments), then the refresher promotes the winner by itself.
        await CheckAsync(site, "trial-1", Ordinary(21));
        await CheckAsync(site, "trial-2", Ordinary(22));
        var onFirst = await EventuallyAsync(site, "new-1", CampaignPost(23), d => d.ModelVersion == version);
        var onSecond = await EventuallyAsync(siteOnSecond, "new-2", CampaignPost(24), d => d.ModelVersion == version);

        Assert.Contains(onFirst.Outcome, new[] { "HeldForReview", "Rejected" });
        Assert.Contains(onSecond.Outcome, new[] { "HeldForReview", "Rejected" });
        Assert.Equal("Approved", (await CheckAsync(siteOnSecond, "ok-after", Ordinary(25))).Outcome);
        var models = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/sites/shop/models/spam", Ct);
        Assert.Equal(version, models.GetProperty("serving").GetString());
    }

    [Fact]
    public async Task A_site_whose_moderators_approve_its_own_jargon_stops_having_it_held()
    {
        services.Require();
        var postgres = await services.CreateSchemaAsync();
        await using var stack = await TwoReplicas.StartAsync(services, postgres, "forum", "Toxicity");
        var (site, siteOnSecond, moderator, admin) = (stack.Site, stack.SiteOnSecond, stack.Moderator, stack.Admin);

        // The shipped model holds the forum's word for a fast build; moderators approve every such comment and
        // reject the real abuse. What the model does not hold, readers' reports bring to the queue.
        Assert.Equal("HeldForReview", (await CheckAsync(site, "jargon-first", Jargon(0), "forum", "toxicity")).Outcome);
        await DecideAsync(moderator, "forum", "jargon-first", null);
        var shipped = "";
        for (var i = 1; i < 30; i++)
        {
            foreach (var (text, abusive) in new[] { (Jargon(i), false), (Abuse(i), true) })
            {
                var id = $"{(abusive ? "abuse" : "jargon")}-{i.ToString(CultureInfo.InvariantCulture)}";
                var decided = await CheckAsync(site, id, text, "forum", "toxicity");
                shipped = decided.ModelVersion;
                if (decided.Outcome == "Rejected")
                {
                    continue;
                }

                if (decided.Outcome == "Approved")
                {
                    var report = await PostAsync(site, $"/api/v1/comments/forum/{id}/reports", new { reporterId = $"reader-{id}", reason = "Toxic" });
                    Assert.True(report.GetProperty("heldForReview").GetBoolean());
                }

                await DecideAsync(moderator, "forum", id, abusive ? "Toxic" : null);
            }
        }

        var retrained = await PostAsync(admin, "/api/v1/admin/sites/forum/models/toxicity/retrain");
        Assert.True(retrained.GetProperty("decision").GetString() == "challengerWins", retrained.ToString());
        var version = retrained.GetProperty("version").GetString()!;
        Assert.NotEqual(shipped, version);

        await CheckAsync(site, "trial-1", Jargon(31), "forum", "toxicity");
        await CheckAsync(site, "trial-2", Jargon(32), "forum", "toxicity");
        var onFirst = await EventuallyAsync(site, "jargon-new", Jargon(33), d => d.ModelVersion == version, "forum", "toxicity");
        var onSecond = await EventuallyAsync(siteOnSecond, "jargon-new-2", Jargon(34), d => d.ModelVersion == version, "forum", "toxicity");

        Assert.Equal("Approved", onFirst.Outcome);
        Assert.Equal("Approved", onSecond.Outcome);
        Assert.Contains((await CheckAsync(siteOnSecond, "abuse-after", Abuse(35), "forum", "toxicity")).Outcome, new[] { "HeldForReview", "Rejected" });
    }

    private static string Jargon(int i)
    {
        string[] things = ["the stupidfast build", "stupidfast mode", "the stupidfast flag", "our stupidfast cache", "the stupidfast parser", "stupidfast linking", "the stupidfast preset", "stupidfast startup", "the stupidfast branch", "stupidfast indexing"];
        string[] effects = ["is back on the nightly channel", "cut our test run in half", "needs the new config file", "shipped with version two", "works on the old laptops too"];
        return $"{things[i % things.Length]} {effects[(i / 2) % effects.Length]}";
    }

    private static string Abuse(int i)
    {
        string[] insults = ["you pathetic clown", "you worthless idiot", "you absolute moron", "you miserable loser", "you brainless fool", "you spineless coward", "you useless troll", "you ignorant halfwit", "you sad little man", "you clueless donkey"];
        string[] endings = ["nobody wants you here", "go away and never come back", "shut your mouth", "everyone laughs at you", "crawl back under your rock"];
        return $"{insults[i % insults.Length]}, {endings[(i / 2) % endings.Length]}";
    }

    private static string Ordinary(int i)
    {
        string[] items = ["these walking boots", "the blue kettle", "this rain jacket", "the garden chair", "this desk lamp", "the bread tin", "these oven gloves", "the picnic set", "this umbrella", "the wool scarf"];
        string[] verdicts = ["fits well and arrived on time", "works fine, the lid is a bit stiff", "good value, the colour is darker than the photo", "broke after a month, sadly", "does the job, nothing special"];
        return $"{items[i % items.Length]} {verdicts[(i / 2) % verdicts.Length]}";
    }

    private static string CampaignPost(int i)
    {
        string[] people = ["my aunt", "my neighbour", "a friend from work", "my brother", "my coach", "our teacher", "my cousin", "a colleague", "my mum", "my flatmate"];
        string[] effects = ["sleeps so much calmer", "finally feels rested", "stopped waking at night", "has so much more energy", "feels ten years younger"];
        return $"{people[i % people.Length]} {effects[(i / 2) % effects.Length]} since the glowleaf tea, ask for the amber tin";
    }

    private static async Task ReportAndDecideAsync(HttpClient site, HttpClient moderator, string commentId, bool spam)
    {
        var report = await PostAsync(site, $"/api/v1/comments/shop/{commentId}/reports", new { reporterId = $"reader-{commentId}", reason = "Spam" });
        Assert.True(report.GetProperty("heldForReview").GetBoolean());
        await DecideAsync(moderator, "shop", commentId, spam ? "Spam" : null);
    }

    /// <summary>A moderator's decision on a comment in the queue: reject with <paramref name="rejectReason"/>, or approve when it is null.</summary>
    private static async Task DecideAsync(HttpClient moderator, string siteId, string commentId, string? rejectReason)
    {
        var detail = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/review/{siteId}/comments/{commentId}", Ct);
        var revision = detail.GetProperty("revision").GetInt32();
        await PostAsync(moderator, $"/api/v1/review/{siteId}/comments/{commentId}/{revision}/{(rejectReason is null ? "approve" : "reject")}",
            rejectReason is null ? new { version = detail.GetProperty("version").GetInt32() } : (object)new { version = detail.GetProperty("version").GetInt32(), reasonCode = rejectReason });
    }

    private static async Task<Decision> CheckAsync(HttpClient site, string commentId, string text, string siteId = "shop", string task = "spam")
    {
        var body = await PostAsync(site, "/api/v1/comments/check",
            new { commentId, siteId, threadId = "t1", text, author = new { id = $"author-{commentId}" } });
        var score = body.GetProperty("decision").GetProperty("scores").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == task && !s.GetProperty("shadow").GetBoolean());
        return new Decision(body.GetProperty("outcome").GetString()!, score.GetProperty("modelVersion").GetString()!);
    }

    /// <summary>Checks new comments every 200 ms until one is decided as wanted; fails after 30 s.</summary>
    private static async Task<Decision> EventuallyAsync(HttpClient site, string commentId, string text, Func<Decision, bool> done, string siteId = "shop", string task = "spam")
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var n = 0; ; n++)
        {
            var decision = await CheckAsync(site, $"{commentId}-{n.ToString(CultureInfo.InvariantCulture)}", text, siteId, task);
            if (done(decision) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(decision), $"Still {decision.Outcome}, served by {decision.ModelVersion}, after 30 s.");
                return decision;
            }

            await Task.Delay(200, Ct);
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body = null)
    {
        using var response = body is null ? await client.PostAsync(new Uri(path, UriKind.Relative), null, Ct) : await client.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Two replicas of the service on one broker and database, set up for a quick retrain of <c>siteId</c> (small
    /// folds, a short shadow trial, automatic promotion), with the site's API client on each
    /// replica and a signed-in moderator and admin.
    /// </summary>
    private sealed class TwoReplicas : IAsyncDisposable
    {
        private readonly ConfiguredServiceHost _first;
        private readonly ConfiguredServiceHost _second;

        private TwoReplicas(ConfiguredServiceHost first, ConfiguredServiceHost second) => (_first, _second) = (first, second);

        public HttpClient Site { get; private set; } = null!;

        public HttpClient SiteOnSecond { get; private set; } = null!;

        public HttpClient Moderator { get; private set; } = null!;

        public HttpClient Admin { get; private set; } = null!;

        /// <param name="rateTask">The task whose expected rate is raised to 0.5 (<c>Spam</c> or <c>Toxicity</c>), so that thresholds sit mid-range.</param>
        public static async Task<TwoReplicas> StartAsync(RealServices services, string postgres, string siteId, string rateTask)
        {
            var settings = new Dictionary<string, string>
            {
                ["ConnectionStrings:RabbitMq"] = services.RabbitMqUri,
                ["ConnectionStrings:Postgres"] = postgres,
                ["Moderation:Bus:CommentsQueue"] = $"moderation-comments-{Guid.NewGuid():N}",
                ["Moderation:Bus:RetryLimit"] = "1",
                ["Moderation:SiteModels:RefreshInterval"] = "00:00:00.5",
                ["Moderation:SiteModels:Retrain:MinimumPerClass"] = "5",
                ["Moderation:SiteModels:Retrain:Folds"] = "3",
                ["Moderation:SiteModels:Retrain:HeldOutShare"] = "0.5",
                [$"Moderation:Sites:{siteId}:PolicyVersion"] = $"{siteId}-1",
                [$"Moderation:Sites:{siteId}:ExpectedRates:{rateTask}"] = "0.5",
                [$"Moderation:Sites:{siteId}:ReportsToHold"] = "1",
                [$"Moderation:Sites:{siteId}:Models:ShadowComments"] = "2",
                [$"Moderation:Sites:{siteId}:Models:AutoPromote"] = "true",
            };
            var stack = new TwoReplicas(new ConfiguredServiceHost(settings), new ConfiguredServiceHost(settings));
            await stack._first.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            await stack._second.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

            var (_, key) = await stack._first.Services.GetRequiredService<ApiKeyStore>().CreateAsync(siteId, "it-retrain", "tests", Ct);
            stack.Site = stack._first.CreateClient();
            stack.SiteOnSecond = stack._second.CreateClient();
            stack.Site.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
            stack.SiteOnSecond.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
            var users = stack._first.Services.GetRequiredService<UserStore>();
            await users.UpsertAsync("mo", null, Password, Roles.Moderator, [siteId], Ct);
            await users.UpsertAsync("ada", null, Password, Roles.Admin, [siteId], Ct);
            stack.Moderator = await SignInAsync(stack._first, "mo");
            stack.Admin = await SignInAsync(stack._first, "ada");
            return stack;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in new[] { Site, SiteOnSecond, Moderator, Admin })
            {
                client?.Dispose();
            }

            await _second.DisposeAsync();
            await _first.DisposeAsync();
        }

        private static async Task<HttpClient> SignInAsync(ConfiguredServiceHost host, string userName)
        {
            var client = host.CreateClient();
            (await client.PostAsJsonAsync("/api/v1/session", new { userName, password = Password }, Ct)).EnsureSuccessStatusCode();
            return client;
        }
    }

    private sealed record Decision(string Outcome, string ModelVersion);
}
