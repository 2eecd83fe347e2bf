using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Moderation.IntegrationTests.Support;

/// <summary>
/// The service on the shared RabbitMQ and PostgreSQL but on a comments queue and a schema of its own,
/// served by Kestrel on a free port (real HTTP limits apply), so it never competes with another host
/// for messages while test assemblies run in parallel on one broker.
/// </summary>
public sealed class IsolatedServiceHost(RealServices services) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string _postgres = "";

    public string CommentsQueue { get; } = $"moderation-comments-{Guid.NewGuid():N}";

    public string ErrorQueue => CommentsQueue + "_error";

    public string Postgres => _postgres;

    public async ValueTask InitializeAsync()
    {
        if (services.Missing is null)
        {
            _postgres = await services.CreateSchemaAsync();
            UseKestrel(0);
            StartServer();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = services.RabbitMqUri,
            ["ConnectionStrings:Postgres"] = _postgres,
            ["Moderation:Bus:CommentsQueue"] = CommentsQueue,
            ["Moderation:Bus:RetryLimit"] = "1",
            // A site of its own: MassTransit binds every CommentSubmitted consumer queue to the message
            // type's exchange, so comments other tests publish that way reach this host too; for it
            // they belong to an unknown site and are parked, never decided a second time.
            ["Moderation:Sites:sweep:PolicyVersion"] = "sweep-1",
            ["Moderation:Sites:sweep:MaxTextLength"] = "10000",
            ["Moderation:Sites:sweep:Terms:Banned:0"] = "cialis",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await base.DisposeAsync();
}
