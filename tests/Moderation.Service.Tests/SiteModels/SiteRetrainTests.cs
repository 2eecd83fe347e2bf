using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.Scoring;
using Moderation.Service.Auth;
using Moderation.Service.ReviewQueue;
using Moderation.Service.SiteModels;
using Moderation.Service.Storage;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.SiteModels;

/// <summary>
/// A site's models retrained by the service on the real host: the shipped spam model corrected by a few dozen labels. The sites are shops whose readers are hit by a "glowleaf tea" spam campaign written to read like a happy
/// customer: the shipped spam model lets it through; the shops' moderators reject it, and the retrained model learns it.
/// </summary>
public sealed class SiteRetrainTests(SiteRetrainTests.RetrainFactory factory) : IClassFixture<SiteRetrainTests.RetrainFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retrains_once_enough_new_labels_arrived_stores_the_challenger_with_its_report_and_shadows_the_winner()
    {
        var job = factory.Services.GetRequiredService<SiteRetrainJob>();
        var store = factory.Services.GetRequiredService<SiteModelStore>();
        var labels = Campaign(20);
        await RecordAsync("shop", labels.Take(39).ToList());

        Assert.DoesNotContain(await job.CheckAsync(Ct), r => r.SiteId == "shop");
        Assert.Empty(await store.ListAsync("shop", "spam", Ct));

        await RecordAsync("shop", labels.Skip(39).ToList(), first: 39);
        var outcome = Assert.Single(await job.CheckAsync(Ct), r => r.SiteId == "shop");

        Assert.Equal("spam", outcome.Task);
        var trained = Assert.IsType<RetrainOutcome.Trained>(outcome.Outcome);
        Assert.Equal(ComparisonDecision.ChallengerWins, trained.Decision);
        Assert.True(trained.Shadowed);
        var stored = Assert.Single(await store.ListAsync("shop", "spam", Ct));
        Assert.Equal((trained.Model.Version, SiteModelRoles.Shadow, SiteRetrainer.Actor, true), (stored.Version, stored.Role, stored.CreatedBy, stored.ChallengerWins));
        Assert.Equal("challengerWins", stored.Report!.Value.GetProperty("decision").GetString());
        Assert.Equal(20, stored.Report.Value.GetProperty("heldOutLabels").GetInt32());
        var shadow = factory.Services.GetRequiredService<SiteModelCatalog>().Find("shop", "spam")?.Shadow;
        Assert.Equal(stored.Version, shadow?.Version);
        // A correction of the shipped model: its features, and its version in the record.
        var shipped = factory.Services.GetServices<ModelClassifier>().Single(c => c.Task == "spam").Metadata!;
        Assert.Equal($"base model {shipped.Version}", shadow!.Model.Metadata.TrainingFiles[0]);
        Assert.Equal(shipped.VocabularySize, shadow.Model.Metadata.VocabularySize);
        var audit = (await factory.Services.GetRequiredService<ReviewStore>().AuditAsync("shop", null, SiteRetrainer.Actor, 10, Ct)).Entries.Select(e => e.Action).ToList();
        Assert.Equal(["ModelShadowed", "ModelRetrained"], audit);

        // Nothing new since: not due again.
        Assert.DoesNotContain(await job.CheckAsync(Ct), r => r.SiteId == "shop");
        Assert.Single(await store.ListAsync("shop", "spam", Ct));
    }

    [Fact]
    public async Task Too_few_labels_of_a_class_wait_without_an_error_and_the_endpoint_says_so()
    {
        var job = factory.Services.GetRequiredService<SiteRetrainJob>();
        await RecordAsync("small", Campaign(20).Where(l => l.Spam).Take(4).ToList());

        var outcome = Assert.Single(await job.CheckAsync(Ct), r => r.SiteId == "small");

        var waiting = Assert.IsType<RetrainOutcome.Waiting>(outcome.Outcome);
        Assert.Contains("0 negative", waiting.Why, StringComparison.Ordinal);
        Assert.Empty(await factory.Services.GetRequiredService<SiteModelStore>().ListAsync("small", null, Ct));
        using var admin = await factory.SignInAsync("ada-small", Roles.Admin, "small");
        var problem = await RetrainAsync(admin, "small", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("TooFewLabels", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_site_that_does_not_turn_retraining_on_is_never_retrained_by_the_job_but_an_admin_can_retrain_it_now()
    {
        var job = factory.Services.GetRequiredService<SiteRetrainJob>();
        var store = factory.Services.GetRequiredService<SiteModelStore>();
        await RecordAsync("quiet", Campaign(20));

        Assert.DoesNotContain(await job.CheckAsync(Ct), r => r.SiteId == "quiet");
        Assert.Empty(await store.ListAsync("quiet", null, Ct));

        using var admin = await factory.SignInAsync("ada-quiet", Roles.Admin, "quiet");
        var answer = await RetrainAsync(admin, "quiet", HttpStatusCode.OK);
        Assert.Equal("challengerWins", answer.GetProperty("decision").GetString());
        Assert.True(answer.GetProperty("shadowed").GetBoolean());
        var stored = Assert.Single(await store.ListAsync("quiet", "spam", Ct));
        Assert.Equal(answer.GetProperty("version").GetString(), stored.Version);
    }

    [Fact]
    public async Task Two_retrains_of_the_same_site_and_task_at_once_train_one_model()
    {
        await RecordAsync("twice", Campaign(20));
        using var admin = await factory.SignInAsync("ada-twice", Roles.Admin, "twice");

        var answers = await Task.WhenAll(PostRetrainAsync(admin, "twice"), PostRetrainAsync(admin, "twice"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.Status).Order());
        var refused = answers.Single(a => a.Status == HttpStatusCode.Conflict).Body;
        Assert.Contains(refused.GetProperty("code").GetString(), new[] { "RetrainRunning", "ModelExists" });
        Assert.Single(await factory.Services.GetRequiredService<SiteModelStore>().ListAsync("twice", null, Ct));
    }

    /// <summary>
    /// Ordinary shop comments and campaign posts, alternating so that both halves of the time split hold both.
    /// The campaign never links or shouts: the shipped model approves it.
    /// </summary>
    internal static List<(string Text, bool Spam)> Campaign(int each)
    {
        string[] people = ["my aunt", "my neighbour", "a friend from work", "my brother", "my coach", "our teacher", "my cousin", "a colleague", "my mum", "my flatmate"];
        string[] effects = ["sleeps so much calmer", "finally feels rested", "stopped waking at night", "has so much more energy", "feels ten years younger"];
        string[] items = ["these walking boots", "the blue kettle", "this rain jacket", "the garden chair", "this desk lamp", "the bread tin", "these oven gloves", "the picnic set", "this umbrella", "the wool scarf"];
        string[] verdicts = ["fits well and arrived on time", "works fine, the lid is a bit stiff", "good value, the colour is darker than the photo", "broke after a month, sadly", "does the job, nothing special"];
        var rows = new List<(string, bool)>();
        for (var i = 0; i < each; i++)
        {
            rows.Add(($"{items[i % items.Length]} {verdicts[i % verdicts.Length]}", false));
            rows.Add(($"{people[i % people.Length]} {effects[i % effects.Length]} since the glowleaf tea, ask for the amber tin", true));
        }

        return rows;
    }

    /// <summary>Human decisions as the moderators' API records them: one label row each, in time order.</summary>
    private async Task RecordAsync(string siteId, List<(string Text, bool Spam)> rows, int first = 0)
    {
        var database = factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(Ct);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < rows.Count; i++)
        {
            var n = first + i;
            await connection.ExecuteAsync(
                $"""
                INSERT INTO labels (site_id, comment_id, revision, task, label, text, decided_by, decided_at)
                VALUES (@siteId, @commentId, 1, 'spam', @label, @text, 'mo', {database.Time("@at")})
                """,
                new { siteId, commentId = $"c{n.ToString(CultureInfo.InvariantCulture)}", label = rows[i].Spam ? 1 : 0, text = rows[i].Text, at = SqlText.Iso(start.AddSeconds(n)) });
        }
    }

    private static async Task<JsonElement> RetrainAsync(HttpClient admin, string siteId, HttpStatusCode expected)
    {
        var (status, body) = await PostRetrainAsync(admin, siteId);
        Assert.True(expected == status, $"{status}: {body}");
        return body;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostRetrainAsync(HttpClient admin, string siteId)
    {
        using var response = await admin.PostAsync(new Uri($"/api/v1/admin/sites/{siteId}/models/spam/retrain", UriKind.Relative), null, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    public sealed class RetrainFactory : ServiceFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = new Dictionary<string, string?>
                {
                    // The tests run the checks themselves.
                    ["Moderation:SiteModels:Retrain:CheckInterval"] = "1.00:00:00",
                    ["Moderation:SiteModels:Retrain:MinimumPerClass"] = "5",
                    ["Moderation:SiteModels:Retrain:Folds"] = "3",
                    ["Moderation:SiteModels:Retrain:HeldOutShare"] = "0.5",
                };
                foreach (var site in new[] { "shop", "small", "quiet", "twice" })
                {
                    settings[$"Moderation:Sites:{site}:PolicyVersion"] = $"{site}-1";
                    settings[$"Moderation:Sites:{site}:ExpectedRates:Spam"] = "0.5";
                }

                settings["Moderation:Sites:shop:Models:Retrain:AfterLabels"] = "40";
                settings["Moderation:Sites:small:Models:Retrain:AfterLabels"] = "4";
                return settings;
            }
        }
    }
}
