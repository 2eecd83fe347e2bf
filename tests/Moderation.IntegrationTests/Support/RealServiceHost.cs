using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Moderation.IntegrationTests.Support;

/// <summary>The service configured for production: RabbitMQ and PostgreSQL, nothing embedded.</summary>
public sealed class RealServiceHost(RealServices services) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string _postgres = "";

    public string Postgres => _postgres;

    public async ValueTask InitializeAsync()
    {
        if (services.Missing is null)
        {
            _postgres = await services.CreateSchemaAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting applies before Program reads its configuration, unlike ConfigureAppConfiguration.
        builder.UseSetting("ConnectionStrings:RabbitMq", services.RabbitMqUri);
        builder.UseSetting("ConnectionStrings:Postgres", _postgres);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = services.RabbitMqUri,
            ["ConnectionStrings:Postgres"] = _postgres,
            ["Moderation:Bus:RetryLimit"] = "1",
            ["Moderation:Sites:test:PolicyVersion"] = "it-1",
            ["Moderation:Sites:test:Shadow:0"] = "spam",
            ["Moderation:Sites:test:Shadow:1"] = "toxicity",
            ["Moderation:Sites:test:Terms:Banned:0"] = "cialis",
            ["Moderation:Sites:test:Links:MaxLinks"] = "2",
        }));
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await base.DisposeAsync();
}
