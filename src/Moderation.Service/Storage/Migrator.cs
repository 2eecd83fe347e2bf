using System.Data.Common;
using Dapper;

namespace Moderation.Service.Storage;

/// <summary>
/// Applies the numbered SQL scripts under Storage/Migrations/{dialect} that the store has not seen,
/// each in its own transaction, recording them in <c>schema_migrations</c>. Replicas starting at once
/// serialise on a lock, so each script runs exactly once.
/// </summary>
public sealed class Migrator(Database database, ILogger<Migrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at text NOT NULL)");

        foreach (var (version, sql) in Scripts(database.Dialect))
        {
            await using var transaction = await BeginExclusiveAsync(connection, cancellationToken);
            var applied = await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, transaction);
            if (applied > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
                new { version, at = DateTimeOffset.UtcNow.ToString("O") }, transaction);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Version} to {Store}", version, database.Description);
        }
    }

    private async Task<DbTransaction> BeginExclusiveAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken at once.
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(7365012)", transaction: transaction);
        }

        return transaction;
    }

    internal static IEnumerable<(string Version, string Sql)> Scripts(SqlDialect dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Storage.Migrations.{dialect.ToString().ToLowerInvariant()}.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[prefix.Length..^".sql".Length], reader.ReadToEnd());
        }
    }
}
