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

    /// <summary>Statements Npgsql keeps prepared per connection unless the connection string says otherwise.</summary>
    internal const int DefaultMaxAutoPrepare = 32;

    public static Database Postgres(string connectionString)
    {
        var builder = PostgresSettings(connectionString);
        return new Database(NpgsqlDataSource.Create(builder), SqlDialect.Postgres, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>
    /// The connection string as given, plus automatic preparation of the store's statements: they are
    /// the same few texts every time, and parsing and planning them again for every batch was a fifth
    /// of PostgreSQL's CPU per comment (docs/load-and-faults.md). <c>Max Auto Prepare=0</c> in the
    /// connection string turns it off (needed behind a pooler in transaction mode that cannot keep
    /// prepared statements, such as PgBouncer before 1.21).
    /// </summary>
    internal static NpgsqlConnectionStringBuilder PostgresSettings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's own builder answers ContainsKey for every keyword it knows, set or not.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder;
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
