using Microsoft.Playwright;

namespace Moderation.Web.Tests.Support;

/// <summary>
/// One headless Chromium for the test class: the system's browser (MODERATION_TEST_CHROMIUM, or
/// /usr/bin/chromium), never one downloaded by Playwright. Without it the tests skip with a reason,
/// except in CI (CI=true), where a missing browser is a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public string? MissingReason { get; private set; }

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("MODERATION_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            MissingReason = $"Chromium is not installed at {ExecutablePath} (set MODERATION_TEST_CHROMIUM, or apt-get install chromium).";
            return;
        }

        // A shared two-core machine signs in (PBKDF2) and builds pages slower than a laptop.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>The browser, or a skip (a failure under CI) saying why there is none.</summary>
    public IBrowser Require()
    {
        if (Browser is not null)
        {
            return Browser;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(MissingReason);
        }

        Assert.Skip(MissingReason!);
        return null!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
