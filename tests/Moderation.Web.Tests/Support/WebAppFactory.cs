using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Service.Auth;

namespace Moderation.Web.Tests.Support;

/// <summary>
/// The real service on a real port (Kestrel, port 0), on its embedded defaults: in-memory bus and a
/// SQLite file in a temporary folder, with a "test" site. A browser needs a socket, not a TestServer.
/// </summary>
public sealed class WebAppFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct horse battery staple";

    private readonly string _directory = Directory.CreateTempSubdirectory("moderation-web-tests-").FullName;

    public WebAppFactory()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>Where the browser finds the page.</summary>
    public Uri BaseUrl { get; }

    public async Task AddUserAsync(string userName, string displayName, string role = Roles.Moderator, params string[] sites) =>
        await Services.GetRequiredService<UserStore>().UpsertAsync(userName, displayName, Password, role, sites.Length == 0 ? ["test"] : sites, CancellationToken.None);

    /// <summary>An HTTP client for the site's backend, with a fresh API key.</summary>
    public HttpClient CreateSiteClient(string siteId = "test")
    {
        var (_, key) = Services.GetRequiredService<ApiKeyStore>().CreateAsync(siteId, "web tests", "tests", CancellationToken.None).GetAwaiter().GetResult();
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = "",
            ["ConnectionStrings:Postgres"] = "",
            ["Moderation:Store:SqlitePath"] = Path.Combine(_directory, "moderation.db"),
            ["Moderation:Auth:SignInAttemptsPerMinute"] = "10000",
            ["Moderation:Sites:test:PolicyVersion"] = "test-7",
            ["Moderation:Sites:test:Terms:Banned:0"] = "cialis",
            ["Moderation:Sites:test:Terms:Suspect:0"] = "idiot",
            ["Moderation:Sites:test:Terms:Suspect:1"] = "moron",
            ["Moderation:Sites:test:Links:MaxLinks"] = "1",
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the OS cleans temporary folders.
        }
    }
}
