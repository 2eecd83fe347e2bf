using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Service.Auth;

namespace Moderation.Service.Tests.Support;

/// <summary>
/// The real service host on its embedded defaults (in-memory bus, SQLite in a temporary file),
/// with a "test" site whose lists the tests rely on. Extra settings override anything.
/// </summary>
public class ServiceFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("moderation-tests-").FullName;

    /// <summary>The SQLite file this host uses.</summary>
    public string DatabasePath => Path.Combine(_directory, "moderation.db");

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:RabbitMq"] = "",
                ["ConnectionStrings:Postgres"] = "",
                ["Moderation:Store:SqlitePath"] = DatabasePath,
                ["Moderation:Bus:RetryLimit"] = "1",
                ["Moderation:Sites:test:PolicyVersion"] = "test-7",
                ["Moderation:Sites:test:MaxTextLength"] = "2000",
                ["Moderation:Sites:test:Terms:Banned:0"] = "cialis",
                ["Moderation:Sites:test:Terms:Banned:1"] = "buy followers",
                ["Moderation:Sites:test:Terms:Suspect:0"] = "idiot",
                ["Moderation:Sites:test:Links:MaxLinks"] = "2",
                ["Moderation:Sites:other:PolicyVersion"] = "other-1",
                ["Moderation:Sites:other:Terms:Suspect:0"] = "idiot",
                ["Moderation:Auth:SignInAttemptsPerMinute"] = "10000",
            };
            foreach (var (key, value) in Settings)
            {
                settings[key] = value;
            }

            config.AddInMemoryCollection(settings);
        });
    }

    /// <summary>A client that authenticates as a website backend with a fresh API key for <paramref name="siteId"/>.</summary>
    public HttpClient CreateSiteClient(string siteId = "test")
    {
        var client = CreateClient();
        var (_, key) = Services.GetRequiredService<ApiKeyStore>().CreateAsync(siteId, "tests", "tests", CancellationToken.None).GetAwaiter().GetResult();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        return client;
    }

    public const string Password = "correct horse battery staple";

    /// <summary>Adds (or resets) a user and returns a client signed in as them, holding the session cookie.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string role = Roles.Moderator, params string[] sites)
    {
        var client = CreateClient();
        await Services.GetRequiredService<UserStore>().UpsertAsync(userName, null, Password, role, sites.Length == 0 ? ["test"] : sites, CancellationToken.None);
        using var response = await client.PostAsJsonAsync("/api/v1/session", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        return client;
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
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
