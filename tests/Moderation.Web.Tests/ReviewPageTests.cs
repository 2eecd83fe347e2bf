using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Moderation.Contracts;
using Moderation.Service.Tests.Support;
using Moderation.Web.Tests.Support;

namespace Moderation.Web.Tests;

/// <summary>The moderators' page in a real headless Chromium against the real service on a real port.</summary>
public sealed class ReviewPageTests(BrowserFixture browser) : SignedInPageTests, IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_held_comment_appears_live_and_a_moderator_approves_it_with_the_keyboard()
    {
        var chromium = browser.Require();
        await App.AddUserAsync("mia", "Mia Moderator");
        await using var events = await DecisionCollector.StartAsync(App.Services.GetRequiredService<IBus>());
        var page = await SignInAsync(chromium, "mia");
        await Assertions.Expect(page.Locator("#queue-empty")).ToBeVisibleAsync();

        // The website sends a comment that the rules hold; the open page shows it without a reload.
        var comment = Held.Comment("Only a moron would believe this report.") with { SiteId = "test" };
        using var site = App.CreateSiteClient();
        (await site.PostAsJsonAsync("/api/v1/comments/check", comment, Ct)).EnsureSuccessStatusCode();
        var row = page.Locator("#queue-list .item", new() { HasText = "Only a moron would believe" });
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#queue-detail .comment-text")).ToHaveTextAsync("Only a moron would believe this report.");
        await Assertions.Expect(page.Locator("#queue-detail mark")).ToHaveTextAsync("moron");

        // An impatient double press decides once, without a conflict with oneself.
        await page.Keyboard.PressAsync("a");
        await page.Keyboard.PressAsync("a");

        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("Approved");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        var approved = await events.WaitForAsync<CommentApproved>(comment.CommentId);
        Assert.Equal(DeciderKind.Moderator, approved.DecidedBy.Kind);
        Assert.Equal("mia", approved.DecidedBy.ModeratorId);
        await Task.Delay(300, Ct);
        Assert.Equal(1, events.CountFor(comment.CommentId, DeciderKind.Moderator));
    }

    [Fact]
    public async Task Markup_in_a_comment_renders_as_inert_text()
    {
        var chromium = browser.Require();
        await App.AddUserAsync("mia", "Mia Moderator");
        const string text = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"><b>bold</b> idiot <a href=\"javascript:window.pwned=3\">click</a>";
        var comment = Held.Comment(text, authorName: "<img src=y onerror=\"window.pwned = 4\">Eve") with { ThreadUrl = "javascript:window.pwned=5" };
        await Held.HoldAsync(App, comment, [Held.Reason(ReasonCodes.SuspectTerm, "Contains a suspect term.", text, ReasonAction.Hold, "idiot")]);
        var page = await SignInAsync(chromium, "mia");

        var body = page.Locator("#queue-detail .comment-text");
        await Assertions.Expect(body).ToHaveTextAsync(text);
        await Assertions.Expect(page.Locator("#queue-detail h2")).ToHaveTextAsync("<img src=y onerror=\"window.pwned = 4\">Eve");
        Assert.Equal(0, await page.Locator("#queue-detail .comment-text script, #queue-detail .comment-text img, #queue-detail .comment-text b, #queue-detail .comment-text a").CountAsync());
        Assert.Equal(0, await page.Locator("#queue-list img, #queue-detail img, #queue-detail a[href^='javascript']").CountAsync());
        await Assertions.Expect(body.Locator("mark")).ToHaveTextAsync("idiot");
        await page.Keyboard.PressAsync("h");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("History of");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.pwned"));
    }

    [Fact]
    public async Task A_second_moderator_deciding_the_same_comment_sees_who_decided_first()
    {
        var chromium = browser.Require();
        await App.AddUserAsync("mia", "Mia Moderator");
        await App.AddUserAsync("noah", "Noah Moderator");
        const string text = "You absolute idiot.";
        await Held.HoldAsync(App, Held.Comment(text), [Held.Reason(ReasonCodes.SuspectTerm, "Contains a suspect term.", text, ReasonAction.Hold, "idiot")]);
        var mia = await SignInAsync(chromium, "mia");
        var noah = await SignInAsync(chromium, "noah");
        await Assertions.Expect(mia.Locator("#queue-detail .comment-text")).ToHaveTextAsync(text);
        await Assertions.Expect(noah.Locator("#queue-detail .comment-text")).ToHaveTextAsync(text);

        await mia.Keyboard.PressAsync("a");
        await Assertions.Expect(mia.Locator("#toast")).ToContainTextAsync("Approved");
        // The live update takes the comment off Noah's list, but the comment he is reading stays open.
        await Assertions.Expect(noah.Locator("#queue-list .item", new() { HasText = text })).ToHaveCountAsync(0);
        await Assertions.Expect(noah.Locator("#queue-detail .comment-text")).ToHaveTextAsync(text);

        await noah.Keyboard.PressAsync("r");

        await Assertions.Expect(noah.Locator("#toast")).ToContainTextAsync("Conflict: mia already approved this comment.");
        await Assertions.Expect(noah.Locator("#queue-detail .actions")).ToContainTextAsync("Approved by mia");
    }

    [Fact]
    public async Task A_moderator_selects_two_comments_with_x_and_approves_both_with_shift_a_then_finds_them_in_search()
    {
        var chromium = browser.Require();
        await App.AddUserAsync("mia", "Mia Moderator");
        await using var events = await DecisionCollector.StartAsync(App.Services.GetRequiredService<IBus>());
        var first = await Held.HoldAsync(App, Held.Comment("Zanzibar ferry idiot one"), [Held.Reason(ReasonCodes.SuspectTerm, "Suspect.", "Zanzibar ferry idiot one", ReasonAction.Hold, "idiot")]);
        var second = await Held.HoldAsync(App, Held.Comment("Zanzibar ferry idiot two"), [Held.Reason(ReasonCodes.SuspectTerm, "Suspect.", "Zanzibar ferry idiot two", ReasonAction.Hold, "idiot")]);
        var page = await SignInAsync(chromium, "mia");
        await Assertions.Expect(page.Locator("#queue-list .item")).ToHaveCountAsync(2);

        await page.Keyboard.PressAsync("x");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("x");
        await Assertions.Expect(page.Locator("#bulk-count")).ToHaveTextAsync("2");
        await page.Keyboard.PressAsync("Shift+A");

        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("Approved 2 comments");
        await Assertions.Expect(page.Locator("#queue-empty")).ToBeVisibleAsync();
        Assert.Equal(DeciderKind.Moderator, (await events.WaitForAsync<CommentApproved>(first.CommentId)).DecidedBy.Kind);
        Assert.Equal(DeciderKind.Moderator, (await events.WaitForAsync<CommentApproved>(second.CommentId)).DecidedBy.Kind);

        await page.Keyboard.PressAsync("/");
        await page.FillAsync("#search-q", "zanzibar");
        await page.PressAsync("#search-q", "Enter");
        await Assertions.Expect(page.Locator("#search-list .item")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#search-detail .actions")).ToContainTextAsync("Approved by mia");
    }
}
