using Microsoft.Extensions.Logging.Abstractions;
using Moderation.Service.Storage;
using Npgsql;

namespace Moderation.Service.Tests.Support;

/// <summary>
/// A store of its own for one contract test, migrated and removed again on dispose: a SQLite file in a temporary
/// directory ("sqlite"), or a database of its own on the PostgreSQL that <c>MODERATION_TEST_POSTGRES</c> names (any
/// other kind). Without that variable a PostgreSQL test fails under CI and is skipped elsewhere.
/// </summary>
internal sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly Func<ValueTask> _drop;

    private ThrowawayDatabase(Database database, Func<ValueTask> drop) => (Database, _drop) = (database, drop);

    public Database Database { get; }

    /// <param name="prefix">Names the temporary directory or database, e.g. <c>moderation_reports</c>.</param>
    public static async Task<ThrowawayDatabase> CreateAsync(string kind, string prefix)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        if (kind == "sqlite")
        {
            var directory = Directory.CreateTempSubdirectory(prefix + "-").FullName;
            var sqlite = Database.Sqlite(Path.Combine(directory, "store.db"));
            await new Migrator(sqlite, NullLogger<Migrator>.Instance).MigrateAsync(cancellationToken);
            return new ThrowawayDatabase(sqlite, async () =>
            {
                await sqlite.DisposeAsync();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            });
        }

        var postgres = await ThrowawayPostgres.CreateAsync(prefix);
        var database = Database.Postgres(postgres.ConnectionString);
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(cancellationToken);
        return new ThrowawayDatabase(database, async () =>
        {
            await database.DisposeAsync();
            await postgres.DisposeAsync();
        });
    }

    public ValueTask DisposeAsync() => _drop();
}

/// <summary>An empty PostgreSQL database of its own on <c>MODERATION_TEST_POSTGRES</c>, dropped on dispose (not migrated).</summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private ThrowawayPostgres(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgres> CreateAsync(string prefix)
    {
        var admin = Environment.GetEnvironmentVariable("MODERATION_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("MODERATION_TEST_POSTGRES is not set: CI must provide PostgreSQL (.ci/services.sh starts it).");
            }

            Assert.Skip("MODERATION_TEST_POSTGRES is not set; `. .ci/services.sh` starts PostgreSQL and sets it.");
        }

        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return new ThrowawayPostgres(admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
