using DotNet.Testcontainers.Containers;
using Npgsql;
using RabbitMQ.Client;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Moderation.IntegrationTests.Support;

/// <summary>
/// The real RabbitMQ and PostgreSQL the integration tests talk to: the ones named by
/// MODERATION_TEST_RABBITMQ / MODERATION_TEST_POSTGRES when set (CI starts them, see .ci/services.sh),
/// containers started by Testcontainers otherwise. When neither is possible the tests fail under CI
/// (CI=true) and are skipped, saying why, elsewhere. Never a silent fallback to something else.
/// </summary>
public sealed class RealServices : IAsyncLifetime
{
    private readonly List<IContainer> _containers = [];

    public string RabbitMqUri { get; private set; } = "";

    public string PostgresConnectionString { get; private set; } = "";

    /// <summary>Why the services are missing, outside CI; null when they are there.</summary>
    public string? Missing { get; private set; }

    public static bool InCi => Environment.GetEnvironmentVariable("CI") is { } ci && (ci == "1" || ci.Equals("true", StringComparison.OrdinalIgnoreCase));

    public async ValueTask InitializeAsync()
    {
        try
        {
            RabbitMqUri = Environment.GetEnvironmentVariable("MODERATION_TEST_RABBITMQ") is { Length: > 0 } rabbit
                ? rabbit
                : await StartAsync(new RabbitMqBuilder("rabbitmq:3.13-management").Build(), c => ((RabbitMqContainer)c).GetConnectionString());
            PostgresConnectionString = Environment.GetEnvironmentVariable("MODERATION_TEST_POSTGRES") is { Length: > 0 } postgres
                ? postgres
                : await StartAsync(new PostgreSqlBuilder("postgres:15").Build(), c => ((PostgreSqlContainer)c).GetConnectionString());
            await ProbeAsync();
        }
        catch (Exception ex) when (!InCi)
        {
            Missing = $"RabbitMQ and PostgreSQL are not available ({ex.GetType().Name}: {ex.Message}). " +
                "Run `. .ci/services.sh` to start them from Debian packages, or install Docker for Testcontainers.";
        }
    }

    /// <summary>Skips the calling test outside CI when the services are missing.</summary>
    public void Require()
    {
        if (Missing is not null)
        {
            Assert.Skip(Missing);
        }
    }

    /// <summary>A fresh schema in the test database, so tests never see each other's rows.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var schema = $"it_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }
    }

    private async Task<string> StartAsync(IContainer container, Func<IContainer, string> connectionString)
    {
        _containers.Add(container);
        await container.StartAsync();
        return connectionString(container);
    }

    private async Task ProbeAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMqUri) };
        await using (var connection = await factory.CreateConnectionAsync())
        {
        }

        await using var postgres = new NpgsqlConnection(PostgresConnectionString);
        await postgres.OpenAsync();
    }
}
