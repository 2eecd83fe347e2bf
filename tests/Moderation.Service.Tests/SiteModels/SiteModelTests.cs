using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Service.Auth;
using Moderation.Service.ReviewQueue;
using Moderation.Service.SiteModels;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.SiteModels;

/// <summary>
/// A site's own toxicity model on the real host: uploaded by an admin, tried in shadow, promoted, rolled back.
/// The site ("forum") is a games forum whose readers write "stupidfast" for a fast build: the shipped model
/// holds it as abuse; a model trained on a handful of the forum's own labelled comments knows better.
/// </summary>
public sealed class SiteModelTests(SiteModelTests.SiteModelsFactory factory) : IClassFixture<SiteModelTests.SiteModelsFactory>
{
    /// <summary>The forum's jargon: shipped toxicity at the forum's rate of 0.5 is about 0.8.</summary>
    private const string Jargon = "the stupidfast build is back";

    private static readonly IReadOnlyList<(string Text, bool Toxic)> ForumRows = ForumModels.Rows;

    private static readonly Lazy<byte[]> Winner = new(() => ForumModels.Train(ForumRows));

    /// <summary>Another model of the forum (one row fewer, so another version) whose report says it lost.</summary>
    private static readonly Lazy<byte[]> Loser = new(() => ForumModels.Train(ForumRows.Skip(1).ToList()));

    private static readonly Lazy<byte[]> ForAuto = new(() => ForumModels.Train(ForumRows.Skip(2).ToList()));

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_site_model_goes_from_upload_through_shadow_to_serving_and_rolls_back_to_the_shipped_model()
    {
        using var counters = new SiteModelCounters(factory.Services.GetRequiredService<IMeterFactory>());
        using var forum = SiteClient("forum");
        using var other = SiteClient("other");
        using var admin = await factory.SignInAsync("ada", Roles.Admin, "forum");
        var shipped = await CheckAsync(forum, Jargon);
        Assert.Equal("HeldForReview", shipped.Outcome);
        var shippedVersion = shipped.Toxicity.Version;

        // Upload: a challenger serves nothing yet.
        var uploaded = await UploadAsync(admin, "forum", Winner.Value, """{"challengerWins": true, "auc": 0.93}""");
        var version = uploaded.GetProperty("version").GetString()!;
        Assert.Equal(SiteModelRoles.Challenger, uploaded.GetProperty("role").GetString());
        Assert.True(uploaded.GetProperty("challengerWins").GetBoolean());
        Assert.NotEqual(shippedVersion, version);
        Assert.Equal(shippedVersion, (await CheckAsync(forum, Jargon)).Toxicity.Version);

        // Shadow: scored beside the shipped model for the forum's 3 shadow comments, never deciding.
        await PostAsync(admin, $"forum/models/toxicity/{version}/shadow", HttpStatusCode.OK);
        var shadowed = await CheckAsync(forum, Jargon);
        Assert.Equal(("HeldForReview", shippedVersion, false), (shadowed.Outcome, shadowed.Toxicity.Version, shadowed.Toxicity.Shadow));
        var shadowScore = Assert.Single(shadowed.Scores, s => s.Name == "toxicity" && s.Shadow);
        Assert.Equal(version, shadowScore.Version);
        Assert.True(shadowScore.Value < 0.5, $"the forum's model gives its jargon {shadowScore.Value}");
        Assert.Contains(shadowed.Scores, s => s.Name == "spam" && !s.Shadow); // the other task is untouched
        await CheckAsync(forum, "see you at the tournament");
        await CheckAsync(forum, "well played everyone");
        Assert.DoesNotContain((await CheckAsync(forum, Jargon)).Scores, s => s.Shadow); // the trial is over
        Assert.Equal(shippedVersion, (await CheckAsync(other, Jargon)).Toxicity.Version);

        // A challenger whose report says it lost is never promoted (the report as `moderation retrain` writes it).
        var loser = await UploadAsync(admin, "forum", Loser.Value, """{"task": "toxicity", "decision": "championStays", "reason": "AUC 0.8123 against 0.8410"}""");
        Assert.False(loser.GetProperty("challengerWins").GetBoolean());
        var refused = await PostAsync(admin, $"forum/models/toxicity/{loser.GetProperty("version").GetString()}/promote", HttpStatusCode.Conflict);
        Assert.Equal("ChallengerLost", refused.GetProperty("code").GetString());
        Assert.Contains("AUC 0.8123 against 0.8410", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Promotion: the forum's comments are decided by its own model at once; other sites keep the shipped one.
        var promoted = await PostAsync(admin, $"forum/models/toxicity/{version}/promote", HttpStatusCode.OK);
        Assert.Equal(SiteModelRoles.Champion, promoted.GetProperty("role").GetString());
        var served = await CheckAsync(forum, Jargon);
        Assert.Equal(("Approved", version), (served.Outcome, served.Toxicity.Version));
        Assert.Equal(shadowScore.Value, served.Toxicity.Value, 9);
        Assert.Equal((shippedVersion, "HeldForReview"), ((await CheckAsync(other, Jargon)).Toxicity.Version, (await CheckAsync(other, Jargon)).Outcome));
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/sites/forum/models/toxicity", Ct);
        Assert.Equal((version, "site", version, shippedVersion), (listed.GetProperty("serving").GetString(), listed.GetProperty("servingSource").GetString(),
            listed.GetProperty("servedHere").GetString(), listed.GetProperty("shippedVersion").GetString()));

        // Rollback: one call, and the shipped model decides again.
        var rolledBack = await PostAsync(admin, "forum/models/toxicity/rollback", HttpStatusCode.OK);
        Assert.Equal(version, rolledBack.GetProperty("rolledBack").GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Null, rolledBack.GetProperty("serving").ValueKind);
        var after = await CheckAsync(forum, Jargon);
        Assert.Equal(("HeldForReview", shippedVersion), (after.Outcome, after.Toxicity.Version));
        Assert.Equal("NoChampion", (await PostAsync(admin, "forum/models/toxicity/rollback", HttpStatusCode.Conflict)).GetProperty("code").GetString());

        // Every step is in the audit log, with who did it.
        var audit = (await factory.Services.GetRequiredService<ReviewStore>().AuditAsync("forum", null, "ada", 50, Ct)).Entries;
        Assert.Equal(["ModelUploaded", "ModelShadowed", "ModelUploaded", "ModelPromoted", "ModelRolledBack"], audit.Select(e => e.Action).Reverse());
        Assert.All(audit, e => Assert.StartsWith("toxicity ", e.Note, StringComparison.Ordinal));
        // And in the metrics (moderation_site_models_changes_total{site,task,action} on /metrics).
        Assert.Equal((2, 1, 1, 1), (counters.Count("moderation.site_models.changes", ("site", "forum"), ("action", "uploaded")),
            counters.Count("moderation.site_models.changes", ("site", "forum"), ("action", "shadowed")),
            counters.Count("moderation.site_models.changes", ("site", "forum"), ("action", "promoted")),
            counters.Count("moderation.site_models.changes", ("site", "forum"), ("action", "rolled_back"))));
        Assert.Equal(1, counters.Count("moderation.site_models.loads", ("site", "forum"), ("role", "champion")));
    }

    [Fact]
    public async Task A_winning_shadow_model_is_promoted_by_itself_after_its_trial_when_the_site_says_so()
    {
        using var site = SiteClient("auto");
        using var admin = await factory.SignInAsync("ada2", Roles.Admin, "auto");
        var shippedVersion = (await CheckAsync(site, Jargon)).Toxicity.Version;
        var version = (await UploadAsync(admin, "auto", ForAuto.Value, """{"challengerWins": true}""")).GetProperty("version").GetString()!;
        await PostAsync(admin, $"auto/models/toxicity/{version}/shadow", HttpStatusCode.OK);

        Assert.Equal(shippedVersion, (await CheckAsync(site, Jargon)).Toxicity.Version);
        Assert.Equal(shippedVersion, (await CheckAsync(site, "good game")).Toxicity.Version);

        // The refresher writes the count (2 of 2), sees the trial over and the report a win, and promotes.
        var served = await EventuallyAsync(site, r => r.Toxicity.Version == version, TimeSpan.FromSeconds(15));
        Assert.Equal("Approved", served.Outcome);
        var entry = Assert.Single((await factory.Services.GetRequiredService<ReviewStore>().AuditAsync("auto", null, SiteModelCatalog.AutoPromotionActor, 10, Ct)).Entries);
        Assert.Equal(("ModelAutoPromoted", SiteModelRoles.Shadow, SiteModelRoles.Champion), (entry.Action, entry.FromState, entry.ToState));
    }

    [Fact]
    public async Task A_champion_in_the_store_that_does_not_load_is_refused_and_the_model_before_keeps_serving()
    {
        using var counters = new SiteModelCounters(factory.Services.GetRequiredService<IMeterFactory>());
        using var site = SiteClient("broken");
        using var admin = await factory.SignInAsync("ada4", Roles.Admin, "broken");
        var version = (await UploadAsync(admin, "broken", Winner.Value, null)).GetProperty("version").GetString()!;
        await PostAsync(admin, $"broken/models/toxicity/{version}/promote", HttpStatusCode.OK);
        Assert.Equal(version, (await CheckAsync(site, Jargon)).Toxicity.Version);

        // What the upload checks would refuse, put in the store another way (say, by a newer replica
        // writing a format this one cannot read during a rolling upgrade).
        var store = factory.Services.GetRequiredService<SiteModelStore>();
        var catalog = factory.Services.GetRequiredService<SiteModelCatalog>();
        var shippedSpam = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Models", "spam.zip"), Ct);
        foreach (var (bad, bytes) in new[] { ("toxicity-garbage", "PK\u0003\u0004 not really a zip"u8.ToArray()), ("toxicity-actually-spam", shippedSpam) })
        {
            await store.AddAsync("broken", "toxicity", bad, bytes, null, "tests", Ct);
            Assert.IsType<SiteModelChange.Changed>(await store.PromoteAsync("broken", "toxicity", bad, "tests", Ct));
            await catalog.RefreshNowAsync(Ct);

            Assert.Equal(version, (await CheckAsync(site, Jargon)).Toxicity.Version);
        }

        Assert.Equal(2, counters.Count("moderation.site_models.load_failures", ("site", "broken"), ("task", "toxicity")));
        Assert.Equal(1, counters.Count("moderation.site_models.loads", ("site", "broken"), ("task", "toxicity"), ("role", "champion")));
        Assert.Null(catalog.LastError);
    }

    [Fact]
    public async Task Refuses_bad_uploads_with_specific_errors_and_other_people_entirely()
    {
        using var admin = await factory.SignInAsync("ada3", Roles.Admin, "forum");
        var shippedSpam = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Models", "spam.zip"), Ct);

        Assert.Equal("WrongTask", (await UploadAsync(admin, "forum", shippedSpam, null, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal("InvalidModel", (await UploadAsync(admin, "forum", "not a zip at all"u8.ToArray(), null, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal("InvalidModel", (await UploadAsync(admin, "forum", Winner.Value[..(Winner.Value.Length / 2)], null, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal("InvalidReport", (await UploadAsync(admin, "forum", Winner.Value, "{\"challengerWins\": \"yes\"}", HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal("InvalidReport", (await UploadAsync(admin, "forum", Winner.Value, "[1, 2", HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        using (var json = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))
        using (var wrongType = await admin.PostAsync(new Uri("/api/v1/admin/sites/forum/models/toxicity", UriKind.Relative), json, Ct))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        }

        using (var urlEncoded = new ByteArrayContent(Winner.Value))
        {
            // What curl --data-binary sends without -H 'content-type: application/zip'.
            urlEncoded.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            using var response = await admin.PostAsync(new Uri("/api/v1/admin/sites/forum/models/toxicity", UriKind.Relative), urlEncoded, Ct);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Contains("application/zip", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal("UnknownTask", (await UploadAsync(admin, "forum", Winner.Value, null, HttpStatusCode.NotFound, task: "hate")).GetProperty("code").GetString());
        Assert.Equal("UnknownSite", (await UploadAsync(admin, "nowhere", Winner.Value, null, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal("SiteForbidden", (await UploadAsync(admin, "auto", Winner.Value, null, HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        Assert.Equal("UnknownModel", (await PostAsync(admin, "forum/models/toxicity/toxicity-nope/promote", HttpStatusCode.NotFound)).GetProperty("code").GetString());

        // The raw zip as the body is an upload too; the same version twice is a conflict.
        var raw = await UploadRawAsync(admin, ForAuto.Value, HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, raw.GetProperty("challengerWins").ValueKind);
        Assert.Equal("ModelExists", (await UploadRawAsync(admin, ForAuto.Value, HttpStatusCode.Conflict)).GetProperty("code").GetString());

        using var moderator = await factory.SignInAsync("mo", Roles.Moderator, "forum");
        using var anonymous = factory.CreateClient();
        using var site = SiteClient("forum");
        foreach (var client in new[] { moderator, anonymous, site })
        {
            using var response = await client.GetAsync(new Uri("/api/v1/admin/sites/forum/models/toxicity", UriKind.Relative), Ct);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{response.StatusCode}");
        }
    }

    private async Task<Decision> CheckAsync(HttpClient site, string text)
    {
        var siteId = site.DefaultRequestHeaders.GetValues(SiteHeader).Single();
        using var response = await site.PostAsJsonAsync("/api/v1/comments/check",
            new { commentId = $"c-{_run}-{Guid.NewGuid():N}", siteId, threadId = "t1", text, author = new { id = "reader-1" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var scores = body.GetProperty("decision").GetProperty("scores").EnumerateArray()
            .Select(s => new ScoreView(s.GetProperty("name").GetString()!, s.GetProperty("value").GetDouble(), s.GetProperty("modelVersion").GetString()!, s.GetProperty("shadow").GetBoolean()))
            .ToList();
        return new Decision(body.GetProperty("outcome").GetString()!, scores);
    }

    /// <summary>A header the service ignores, naming the site a test client posts for.</summary>
    private const string SiteHeader = "X-Test-Site";

    private HttpClient SiteClient(string siteId)
    {
        var client = factory.CreateSiteClient(siteId);
        client.DefaultRequestHeaders.Add(SiteHeader, siteId);
        return client;
    }

    private async Task<Decision> EventuallyAsync(HttpClient site, Func<Decision, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var decision = await CheckAsync(site, Jargon);
            if (done(decision) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(decision), $"not within {within}: {string.Join(", ", decision.Scores)}");
                return decision;
            }

            await Task.Delay(100, Ct);
        }
    }

    private static async Task<JsonElement> UploadAsync(HttpClient admin, string siteId, byte[] model, string? report, HttpStatusCode expected = HttpStatusCode.Created, string task = "toxicity")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(model);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "model", "toxicity.zip");
        if (report is not null)
        {
            form.Add(new StringContent(report), "report");
        }

        using var response = await admin.PostAsync(new Uri($"/api/v1/admin/sites/{siteId}/models/{task}", UriKind.Relative), form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> UploadRawAsync(HttpClient admin, byte[] model, HttpStatusCode expected)
    {
        using var content = new ByteArrayContent(model);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var response = await admin.PostAsync(new Uri("/api/v1/admin/sites/forum/models/toxicity", UriKind.Relative), content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> PostAsync(HttpClient admin, string path, HttpStatusCode expected)
    {
        using var response = await admin.PostAsync(new Uri($"/api/v1/admin/sites/{path}", UriKind.Relative), null, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// The site-model counters of this host only. Every test host in the process has a meter of the same name, and
    /// a scrape of /metrics may lose one host's series when another host's meter goes away, so the tests listen to
    /// the instruments of their own host's meter factory.
    /// </summary>
    private sealed class SiteModelCounters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _counts = new();

        public SiteModelCounters(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Name.StartsWith("moderation.site_models.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var key = instrument.Name + "|" + string.Concat(tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}|"));
                _counts.AddOrUpdate(key, value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public long Count(string name, params (string Key, string Value)[] tags) =>
            _counts.Where(c => c.Key.StartsWith(name + "|", StringComparison.Ordinal) && tags.All(t => c.Key.Contains($"|{t.Key}={t.Value}|", StringComparison.Ordinal))).Sum(c => c.Value);

        public void Dispose() => _listener.Dispose();
    }

    private sealed record ScoreView(string Name, double Value, string Version, bool Shadow);

    private sealed record Decision(string Outcome, IReadOnlyList<ScoreView> Scores)
    {
        public ScoreView Toxicity => Scores.Single(s => s.Name == "toxicity" && !s.Shadow);
    }

    public sealed class SiteModelsFactory : ServiceFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = new Dictionary<string, string?>
                {
                    ["Moderation:SiteModels:RefreshInterval"] = "00:00:00.2",
                };
                foreach (var site in new[] { "forum", "auto", "broken" })
                {
                    settings[$"Moderation:Sites:{site}:PolicyVersion"] = $"{site}-1";
                    settings[$"Moderation:Sites:{site}:ExpectedRates:Toxicity"] = "0.5";
                    settings[$"Moderation:Sites:{site}:Thresholds:ToxicityHold"] = "0.5";
                    settings[$"Moderation:Sites:{site}:Thresholds:ToxicityReject"] = "0.99";
                }

                settings["Moderation:Sites:forum:Models:ShadowComments"] = "3";
                settings["Moderation:Sites:auto:Models:ShadowComments"] = "2";
                settings["Moderation:Sites:auto:Models:AutoPromote"] = "true";
                // "other" decides with its classifiers here (the base factory lists them in shadow).
                settings["Moderation:Sites:other:Shadow:0"] = "rules/none";
                settings["Moderation:Sites:other:Shadow:1"] = "rules/none";
                settings["Moderation:Sites:other:ExpectedRates:Toxicity"] = "0.5";
                settings["Moderation:Sites:other:Thresholds:ToxicityHold"] = "0.5";
                settings["Moderation:Sites:other:Thresholds:ToxicityReject"] = "0.99";
                return settings;
            }
        }
    }
}
