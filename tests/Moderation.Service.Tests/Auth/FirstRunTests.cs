using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.Auth;

/// <summary>The first run on the embedded defaults lets someone in without any setup.</summary>
public sealed class FirstRunTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    [Fact]
    public async Task Writes_an_admin_password_and_a_demo_key_next_to_the_database_and_they_work()
    {
        var client = factory.CreateClient();
        var file = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "initial-credentials.txt");
        var lines = File.ReadAllLines(file).Where(l => !l.StartsWith('#')).ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());

        using var signIn = await client.PostAsJsonAsync("/api/v1/session", new { userName = lines["user"], password = lines["password"] }, TestContext.Current.CancellationToken);
        var site = factory.CreateClient();
        site.DefaultRequestHeaders.Add("X-Api-Key", lines.Single(l => l.Key.StartsWith("api key for site 'demo'", StringComparison.Ordinal)).Value);
        using var check = await site.PostAsJsonAsync("/api/v1/comments/check", CommentBuilder.Comment("hello", siteId: "demo"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("admin", (await signIn.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task Serves_the_page_with_a_strict_content_security_policy()
    {
        using var response = await factory.CreateClient().GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
