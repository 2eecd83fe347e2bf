using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Moderation.Service.Storage;

public enum SqlDialect
{
    Sqlite,
    Postgres,
}

/// <summary>The store's connections and the SQL dialect they speak.</summary>
public sealed class Database : IAsyncDisposable
{
    private Database(DbDataSource source, SqlDialect dialect, string description)
    {
        Source = source;
        Dialect = dialect;
        Description = description;
    }

    public DbDataSource Source { get; }

    public SqlDialect Dialect { get; }

    /// <summary>What the store is, for logs: never contains a password.</summary>
    public string Description { get; }

    public static Database Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new Database(NpgsqlDataSource.Create(builder), SqlDialect.Postgres, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }

    public static Database Sqlite(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new Database(SqliteFactory.Instance.CreateDataSource(builder.ConnectionString), SqlDialect.Sqlite, $"SQLite {path}");
    }

    /// <summary>Opens a connection, with the per-connection settings the dialect needs.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (Dialect == SqlDialect.Sqlite)
        {
            await using var pragma = connection.CreateCommand();
            // WAL lets readers work while a consumer writes; busy_timeout waits instead of failing on a lock.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return connection;
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
