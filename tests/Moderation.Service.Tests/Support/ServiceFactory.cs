using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Moderation.Service.Tests.Support;

/// <summary>
/// The real service host on its embedded defaults (in-memory bus, SQLite in a temporary file),
/// with a "test" site whose lists the tests rely on. Extra settings override anything.
/// </summary>
public class ServiceFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("moderation-tests-").FullName;

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
                ["Moderation:Store:SqlitePath"] = Path.Combine(_directory, "moderation.db"),
                ["Moderation:Bus:RetryLimit"] = "1",
                ["Moderation:Sites:test:PolicyVersion"] = "test-7",
                ["Moderation:Sites:test:MaxTextLength"] = "2000",
                ["Moderation:Sites:test:Terms:Banned:0"] = "cialis",
                ["Moderation:Sites:test:Terms:Banned:1"] = "buy followers",
                ["Moderation:Sites:test:Terms:Suspect:0"] = "idiot",
                ["Moderation:Sites:test:Links:MaxLinks"] = "2",
            };
            foreach (var (key, value) in Settings)
            {
                settings[key] = value;
            }

            config.AddInMemoryCollection(settings);
        });
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
