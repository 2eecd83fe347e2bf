using System.Net.Http.Json;
using Microsoft.Playwright;
using Moderation.Contracts;
using Moderation.Web.Tests.Support;

namespace Moderation.Web.Tests;

/// <summary>
/// Takes the README's picture of the review queue from a realistic newsroom queue. It is written to the
/// test output, and to docs/images/review-queue.png when MODERATION_UPDATE_SCREENSHOT=1.
/// </summary>
public sealed class ScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly WebAppFactory _app = new();
    private IBrowserContext? _context;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Takes_a_screenshot_of_the_queue_with_evidence_scores_and_history()
    {
        var chromium = browser.Require();
        await _app.AddUserAsync("mia", "Mia Lindqvist", "moderator", "test");
        await SeedAsync();
        _context = await chromium.NewContextAsync(new() { BaseURL = _app.BaseUrl.ToString(), ViewportSize = new() { Width = 1440, Height = 900 }, DeviceScaleFactor = 1 });
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#login-user", "mia");
        await page.FillAsync("#login-password", WebAppFactory.Password);
        await page.PressAsync("#login-password", "Enter");
        await Assertions.Expect(page.Locator("#queue-list .item")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#queue-detail mark")).ToHaveTextAsync("idiot");
        await page.Locator("#queue-list .item .row-check").Nth(2).CheckAsync();
        await page.Locator("#queue-list .item .row-check").Nth(3).CheckAsync();
        await page.Keyboard.PressAsync("h");
        await Assertions.Expect(page.Locator("#history .stats")).ToBeVisibleAsync();
        await page.Locator("#queue-detail").EvaluateAsync("e => e.scrollTop = 0");

        var output = Path.Combine(AppContext.BaseDirectory, "review-queue.png");
        await page.ScreenshotAsync(new() { Path = output });

        Assert.True(new FileInfo(output).Length > 10_000);

        // The other views, to the test output only: the audit log after two decisions, and the sign-in.
        await page.Keyboard.PressAsync("a");
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("Approved");
        await Assertions.Expect(page.Locator("#queue-detail h2")).ToHaveTextAsync("R. Torres");
        await page.Keyboard.PressAsync("r");
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("Rejected");
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.PressAsync("l");
        await Assertions.Expect(page.Locator("#audit-body tr")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "audit-log.png") });
        await page.ClickAsync("#sign-out");
        await Assertions.Expect(page.Locator("#login-form")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "sign-in.png") });
        if (Environment.GetEnvironmentVariable("MODERATION_UPDATE_SCREENSHOT") == "1")
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Moderation.sln")))
            {
                root = root.Parent;
            }

            Directory.CreateDirectory(Path.Combine(root!.FullName, "docs", "images"));
            File.Copy(output, Path.Combine(root.FullName, "docs", "images", "review-queue.png"), overwrite: true);
        }
    }

    private async Task SeedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        using var site = _app.CreateSiteClient();
        foreach (var (id, text) in new[] { ("h1", "Thanks for covering the school board meeting, it was a long night."), ("h2", "The transport numbers in paragraph four look off to me, can you check?") })
        {
            var earlier = Held.Comment(text, "dan-k", "Dan K.", "school-board") with { CommentId = id };
            (await site.PostAsJsonAsync("/api/v1/comments/check", earlier, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        const string spam = "Great article! I made $5,000 last week working from home, see www.quick-cash.example and www.easy-money.example";
        await Held.HoldAsync(_app, Held.Comment(spam, "promo-4412", "Jenny", "city-budget-2027"),
            [Held.Reason(ReasonCodes.TooManyLinks, "2 links; the site allows 1.", spam, ReasonAction.Hold, "www.quick-cash.example", "www.easy-money.example"),
             new DecisionReason { Code = ReasonCodes.Spam, Message = "Spam score 0.93 is above the hold threshold 0.50.", Action = ReasonAction.Hold, Source = "spam" }],
            spam: 0.93, toxicity: 0.02, at: now.AddMinutes(-41));
        const string shout = "BUY CHEAP FOLLOWERS NOW!!! best prices on the whole internet";
        await Held.HoldAsync(_app, Held.Comment(shout, "growth-guru", "Growth Guru", "tech-layoffs"),
            [new DecisionReason { Code = ReasonCodes.Shouting, Message = "Mostly capital letters.", Action = ReasonAction.Hold, Source = "rules/shouting" }],
            spam: 0.81, toxicity: 0.05, at: now.AddMinutes(-26));
        const string first = "First time commenting here. Does anyone know when the bridge closure on Elm Street ends?";
        await Held.HoldAsync(_app, Held.Comment(first, "new-reader-77", "Sam P.", "elm-bridge"),
            [new DecisionReason { Code = ReasonCodes.NewCommenter, Message = "First comment by this author: pre-moderated.", Action = ReasonAction.Hold, Source = "rules/new-commenter" }],
            spam: 0.12, toxicity: 0.01, at: now.AddMinutes(-12));
        const string moron = "The mayor is a moron and so is everyone who voted for him.";
        await Held.HoldAsync(_app, Held.Comment(moron, "rt-1984", "R. Torres", "city-budget-2027"),
            [Held.Reason(ReasonCodes.SuspectTerm, "Contains a term the site holds for review.", moron, ReasonAction.Hold, "moron"),
             new DecisionReason { Code = ReasonCodes.Toxic, Message = "Toxicity score 0.88 is above the hold threshold 0.50.", Action = ReasonAction.Hold, Source = "toxicity" }],
            spam: 0.03, toxicity: 0.88, at: now.AddMinutes(-7));
        const string idiot = "Honestly, anyone who still believes the council's numbers is an idiot. Read the actual budget: page 12 shows the road fund was cut, not raised.";
        await Held.HoldAsync(_app, Held.Comment(idiot, "dan-k", "Dan K.", "city-budget-2027"),
            [Held.Reason(ReasonCodes.SuspectTerm, "Contains a term the site holds for review.", idiot, ReasonAction.Hold, "idiot"),
             new DecisionReason { Code = ReasonCodes.Toxic, Message = "Toxicity score 0.71 is above the hold threshold 0.50.", Action = ReasonAction.Hold, Source = "toxicity" }],
            spam: 0.04, toxicity: 0.71, at: now.AddMinutes(-2));
    }
}
