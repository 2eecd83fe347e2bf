using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Moderation.Web.Tests.Support;

/// <summary>
/// Page tests against a service of their own (<see cref="App"/>): each user signs in through the page in a browser
/// context of their own, and a script error on any page fails the test when it is disposed.
/// </summary>
public abstract partial class SignedInPageTests : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _pageErrors = [];

    protected WebAppFactory App { get; } = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        await App.DisposeAsync();
        Assert.Empty(_pageErrors);
        GC.SuppressFinalize(this);
    }

    /// <summary>Signs <paramref name="userName"/> in on the page and waits until the queue is live.</summary>
    protected async Task<IPage> SignInAsync(IBrowser chromium, string userName)
    {
        var context = await chromium.NewContextAsync(new() { BaseURL = App.BaseUrl.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _pageErrors.Add(error);
        await page.GotoAsync("/");
        await page.FillAsync("#login-user", userName);
        await page.FillAsync("#login-password", WebAppFactory.Password);
        await page.PressAsync("#login-password", "Enter");
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#live")).Not.ToHaveClassAsync(Off());
        return page;
    }

    [GeneratedRegex("off")]
    private static partial Regex Off();
}
