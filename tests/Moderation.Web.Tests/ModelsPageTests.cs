using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Scoring;
using Moderation.Service.Auth;
using Moderation.Service.Tests.Support;
using Moderation.Web.Tests.Support;

namespace Moderation.Web.Tests;

/// <summary>
/// The Models view of the page, for the site's administrators, in a real headless Chromium: what serves, the site's
/// own models with their comparison reports, and the lifecycle buttons calling the admin model API.
/// </summary>
public sealed class ModelsPageTests(BrowserFixture browser) : SignedInPageTests, IClassFixture<BrowserFixture>
{
    /// <summary>The forum's own labels and models, as the service's site-model tests use them.</summary>
    private static readonly IReadOnlyList<(string Text, bool Toxic)> ForumRows = ForumModels.Rows;

    private static readonly Lazy<byte[]> Winner = new(() => ForumModels.Train(ForumRows));

    /// <summary>One row fewer: another version of the forum's model, whose report says it lost.</summary>
    private static readonly Lazy<byte[]> Loser = new(() => ForumModels.Train(ForumRows.Skip(1).ToList()));


    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_sees_the_shipped_model_serving_promotes_an_uploaded_model_with_its_report_and_rolls_it_back()
    {
        var chromium = browser.Require();
        await App.AddUserAsync("ada", "Ada Admin", Roles.Admin, "test");
        var shipped = ShippedVersion("toxicity");
        var page = await SignInAsync(chromium, "ada");

        await page.GetByRole(AriaRole.Button, new() { Name = "Models", Exact = true }).ClickAsync();
        var toxicity = page.Locator(".task-models[data-task=toxicity]");
        await Assertions.Expect(toxicity.Locator(".serving-version")).ToHaveTextAsync(shipped);
        await Assertions.Expect(toxicity.Locator(".source")).ToHaveTextAsync("the shipped model");
        await Assertions.Expect(page.Locator(".task-models[data-task=spam] .serving-version")).ToHaveTextAsync(ShippedVersion("spam"));
        await Assertions.Expect(toxicity.Locator(".model")).ToHaveCountAsync(0);
        await Assertions.Expect(toxicity.Locator("[data-step=rollback]")).ToHaveCountAsync(0);

        using var admin = await AdminClientAsync("ada");
        var version = await UploadAsync(admin, Winner.Value, Report(shipped, Winner.Value, ComparisonDecision.ChallengerWins, 0.9312, "AUC 0.9312 against 0.8410, margin 0.0100"));
        await page.ClickAsync("#models-reload");

        var model = toxicity.Locator($".model[data-version='{version}']");
        await Assertions.Expect(model).ToHaveAttributeAsync("data-role", "challenger");
        var auc = model.Locator(".report-table tr[data-metric=rocAuc]");
        await Assertions.Expect(auc.Locator(".champion")).ToHaveTextAsync("0.841");
        await Assertions.Expect(auc.Locator(".challenger")).ToHaveTextAsync("0.931");
        await Assertions.Expect(model.Locator("tr[data-metric=precisionAtReject] .challenger")).ToHaveTextAsync("0.950");
        await Assertions.Expect(model.Locator("tr[data-metric=recallAtHold] .champion")).ToHaveTextAsync("0.700");
        await Assertions.Expect(model.Locator("tr[data-metric=calibrationErrorAtRate] .challenger")).ToHaveTextAsync("0.042");
        await Assertions.Expect(model.Locator(".report-decision")).ToHaveTextAsync("Challenger wins — AUC 0.9312 against 0.8410, margin 0.0100");

        // Escape in the confirmation changes nothing.
        await model.Locator("[data-step=promote]").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#confirm-text")).ToContainTextAsync($"Promote toxicity model {version}?");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#confirm")).ToBeHiddenAsync();
        await Assertions.Expect(model).ToHaveAttributeAsync("data-role", "challenger");
        Assert.Equal("challenger", (await ListAsync(admin)).GetProperty("models")[0].GetProperty("role").GetString());

        // By keyboard: the dialog opens on Cancel, Tab reaches the confirming button.
        await model.Locator("[data-step=promote]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#confirm-cancel")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#confirm-ok")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(toxicity.Locator(".serving-version")).ToHaveTextAsync(version);
        await Assertions.Expect(toxicity.Locator(".source")).ToHaveTextAsync("the site's own model");
        await Assertions.Expect(model).ToHaveAttributeAsync("data-role", "champion");
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync($"toxicity model {version} serves now.");
        await Assertions.Expect(page.Locator("#models-toxicity-title")).ToBeFocusedAsync();
        Assert.Equal(version, (await ListAsync(admin)).GetProperty("serving").GetString());

        await toxicity.Locator("[data-step=rollback]").ClickAsync();
        await page.ClickAsync("#confirm-ok");
        await Assertions.Expect(toxicity.Locator(".serving-version")).ToHaveTextAsync(shipped);
        await Assertions.Expect(toxicity.Locator(".source")).ToHaveTextAsync("the shipped model");
        await Assertions.Expect(model).ToHaveAttributeAsync("data-role", "retired");
        await Assertions.Expect(model.Locator("[data-step=promote]")).ToBeVisibleAsync();
        Assert.Equal("shipped", (await ListAsync(admin)).GetProperty("servingSource").GetString());
        await Assertions.Expect(page.Locator("#models-error")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task A_losing_challenger_shows_its_shadow_trial_and_the_refused_promotion_with_the_reports_reason()
    {
        var chromium = browser.Require();
        await App.AddUserAsync("ada", "Ada Admin", Roles.Admin, "test");
        var shipped = ShippedVersion("toxicity");
        using var admin = await AdminClientAsync("ada");
        var version = await UploadAsync(admin, Loser.Value, Report(shipped, Loser.Value, ComparisonDecision.ChampionStays, 0.8123, "AUC 0.8123 against 0.8410"));
        var page = await SignInAsync(chromium, "ada");
        await page.GetByRole(AriaRole.Button, new() { Name = "Models", Exact = true }).ClickAsync();

        var toxicity = page.Locator(".task-models[data-task=toxicity]");
        var model = toxicity.Locator($".model[data-version='{version}']");
        await Assertions.Expect(model.Locator(".report-decision")).ToHaveTextAsync("Champion stays — AUC 0.8123 against 0.8410");
        await Assertions.Expect(toxicity.Locator(".shadow-trial")).ToHaveTextAsync("No model in shadow.");

        await model.GetByRole(AriaRole.Button, new() { Name = $"Put in shadow {version}" }).ClickAsync();
        await page.ClickAsync("#confirm-ok");
        await Assertions.Expect(model).ToHaveAttributeAsync("data-role", "shadow");
        await Assertions.Expect(toxicity.Locator(".trial-progress")).ToHaveTextAsync("0 / 500 comments scored");

        await model.Locator("[data-step=promote]").ClickAsync();
        await page.ClickAsync("#confirm-ok");
        await Assertions.Expect(page.Locator("#models-error")).ToContainTextAsync("ChallengerLost:");
        await Assertions.Expect(page.Locator("#models-error")).ToContainTextAsync("(AUC 0.8123 against 0.8410)");
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("did not beat the serving model");
        await Assertions.Expect(model).ToHaveAttributeAsync("data-role", "shadow");
        await Assertions.Expect(toxicity.Locator(".serving-version")).ToHaveTextAsync(shipped);
        Assert.Equal(version, (await ListAsync(admin)).GetProperty("shadow").GetString());
    }

    [Fact]
    public async Task A_moderator_who_is_not_an_admin_has_no_models_view()
    {
        var chromium = browser.Require();
        await App.AddUserAsync("mia", "Mia Moderator", Roles.Moderator, "test");
        var page = await SignInAsync(chromium, "mia");

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Audit log" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Models", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#models-tab")).ToBeHiddenAsync();

        // The shortcut does not open it either.
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.PressAsync("m");
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.PressAsync("l");
        await Assertions.Expect(page.Locator("#view-audit")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#view-models")).ToBeHiddenAsync();
    }

    private string ShippedVersion(string task) =>
        App.Services.GetServices<ModelClassifier>().Single(c => c.Task == task).Metadata?.Version
        ?? throw new InvalidOperationException($"The test host has no shipped {task} model.");

    /// <summary>A comparison report as <c>moderation retrain</c> writes it: shipped champion against the challenger.</summary>
    private static string Report(string champion, byte[] challenger, ComparisonDecision decision, double challengerAuc, string reason)
    {
        using var stream = new MemoryStream(challenger, writable: false);
        var comparison = new ModelComparison
        {
            Task = "toxicity",
            CreatedAt = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            TrainingLabels = 16,
            HeldOutLabels = 40,
            HeldOutPositives = 20,
            ExpectedRate = 0.5,
            Margin = 0.01,
            Champion = new ModelScorecard { Version = champion, RocAuc = 0.8410, PrecisionAtReject = 0.9, RecallAtHold = 0.7, CalibrationErrorAtRate = 0.081 },
            Challenger = new ModelScorecard
            {
                Version = ModelFile.Read(stream).Metadata.Version, RocAuc = challengerAuc, PrecisionAtReject = 0.95, RecallAtHold = 0.75, CalibrationErrorAtRate = 0.042,
            },
            Decision = decision,
            Reason = reason,
        };
        return JsonSerializer.Serialize(comparison, ModelFile.Json);
    }

    private async Task<HttpClient> AdminClientAsync(string userName)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = App.BaseUrl };
        (await client.PostAsJsonAsync("/api/v1/session", new { userName, password = WebAppFactory.Password }, Ct)).EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<string> UploadAsync(HttpClient admin, byte[] model, string report)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(model);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "model", "toxicity.zip");
        form.Add(new StringContent(report), "report");
        using var response = await admin.PostAsync(new Uri("/api/v1/admin/sites/test/models/toxicity", UriKind.Relative), form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("version").GetString()!;
    }

    private static async Task<JsonElement> ListAsync(HttpClient admin) =>
        await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/sites/test/models/toxicity", Ct);
}
