using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Moderation.Contracts;
using Moderation.Service.Tests.Support;
using Moderation.Web.Tests.Support;

namespace Moderation.Web.Tests;

/// <summary>Comments that readers reported, on the moderators' page in a real headless Chromium.</summary>
public sealed class ReportedCommentsPageTests(BrowserFixture browser) : SignedInPageTests, IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reported_comment_shows_its_count_and_reasons_is_found_by_the_filter_and_is_taken_down_with_the_keyboard()
    {
        var chromium = browser.Require();
        await App.AddUserAsync("mia", "Mia Moderator");
        using var site = App.CreateSiteClient();
        const string text = "The council should simply resign, all of them, today.";
        var comment = Held.Comment(text);
        var decided = await (await site.PostAsJsonAsync("/api/v1/comments/check", comment, Ct)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.Equal("Approved", decided.GetProperty("outcome").GetString());
        await Held.HoldAsync(App, Held.Comment("Only an idiot would say so"), [Held.Reason(ReasonCodes.SuspectTerm, "Suspect.", "Only an idiot would say so", ReasonAction.Hold, "idiot")]);
        var page = await SignInAsync(chromium, "mia");
        await Assertions.Expect(page.Locator("#queue-list .item")).ToHaveCountAsync(1);
        await using var events = await DecisionCollector.StartAsync(App.Services.GetRequiredService<IBus>());

        // Three readers report it; the open page shows it without a reload, with the count.
        foreach (var (reader, reason) in new[] { ("reader-a", "Toxic"), ("reader-b", "Toxic"), ("reader-c", "Other") })
        {
            (await site.PostAsJsonAsync($"/api/v1/comments/test/{comment.CommentId}/reports", new { reporterId = reader, reason }, Ct)).EnsureSuccessStatusCode();
        }

        var row = page.Locator("#queue-list .item", new() { HasText = "The council should simply resign" });
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(row.Locator(".reported")).ToHaveTextAsync("Reported ×3");
        await Assertions.Expect(row.Locator(".reported")).ToHaveAttributeAsync("title", "Readers' reasons: Toxic 2 · Other 1");

        // The filter leaves only reported comments.
        await page.SelectOptionAsync("#f-reason", "Reported");
        await Assertions.Expect(page.Locator("#queue-list .item")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#queue-list .item")).ToContainTextAsync("The council should simply resign");
        await page.Locator("#queue-list .item").First.ClickAsync();
        await Assertions.Expect(page.Locator("#queue-detail .comment-text")).ToHaveTextAsync(text);
        await Assertions.Expect(page.Locator("#queue-detail .detail-title .reported")).ToHaveTextAsync("Reported ×3");
        await Assertions.Expect(page.Locator("#queue-detail .report-reasons")).ToHaveTextAsync("Toxic 2 · Other 1");
        await Assertions.Expect(page.Locator("#queue-detail .reasons")).ToContainTextAsync("3 readers reported it (Toxic 2, Other 1).");
        // The readers' main reason is the suggested rejection.
        await Assertions.Expect(page.Locator("#reject-reason")).ToHaveValueAsync("Toxic");

        await page.Keyboard.PressAsync("r");

        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("Rejected");
        var rejected = await events.WaitForAsync<CommentRejected>(comment.CommentId);
        Assert.Equal(DeciderKind.Moderator, rejected.DecidedBy.Kind);
        Assert.Equal("Toxic", rejected.DecidedBy.Note);
        await Assertions.Expect(page.Locator("#queue-list .item", new() { HasText = "The council should simply resign" })).ToHaveCountAsync(0);
    }
}
