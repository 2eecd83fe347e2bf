using DotNet.Testcontainers.Containers;
using Npgsql;
using RabbitMQ.Client;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Moderation.IntegrationTests.Support;

/// <summary>
/// The real RabbitMQ and PostgreSQL the integration tests talk to: the ones named by
/// MODERATION_TEST_RABBITMQ / MODERATION_TEST_POSTGRES when set (CI starts them, see .ci/services.sh),
/// containers started by Testcontainers otherwise, from the official images or the ones named by
/// MODERATION_TEST_RABBITMQ_IMAGE / MODERATION_TEST_POSTGRES_IMAGE (CI's stand-ins, .ci/containers.sh).
/// When neither is possible the tests fail under CI (CI=true) and are skipped, saying why, elsewhere.
/// Never a silent fallback to something else.
/// </summary>
public sealed class RealServices : IAsyncLifetime
{
    private readonly List<IContainer> _containers = [];

    /// <summary>The images docker-compose.yml runs, so the tests and the quick start agree.</summary>
    public const string DefaultRabbitMqImage = "rabbitmq:3.13-management";

    public const string DefaultPostgresImage = "postgres:15";

    public string RabbitMqUri { get; private set; } = "";

    /// <summary>The containers Testcontainers started for this run, by image; empty when the environment named the services.</summary>
    public IReadOnlyList<string> ContainerImages => _containers.Select(c => c.Image.FullName).ToList();

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
                : await StartAsync(new RabbitMqBuilder(ImageOr("MODERATION_TEST_RABBITMQ_IMAGE", DefaultRabbitMqImage)).Build(), c => ((RabbitMqContainer)c).GetConnectionString());
            PostgresConnectionString = Environment.GetEnvironmentVariable("MODERATION_TEST_POSTGRES") is { Length: > 0 } postgres
                ? postgres
                : await StartAsync(new PostgreSqlBuilder(ImageOr("MODERATION_TEST_POSTGRES_IMAGE", DefaultPostgresImage)).Build(), c => ((PostgreSqlContainer)c).GetConnectionString());
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

    private static string ImageOr(string variable, string official) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } image ? image : official;

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
