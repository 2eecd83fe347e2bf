using Microsoft.Extensions.Diagnostics.HealthChecks;
using Moderation.Service.Decisions;

namespace Moderation.Service.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// PostgreSQL when <c>ConnectionStrings:Postgres</c> is set, an embedded SQLite file otherwise.
    /// Migrations run before the bus starts taking messages.
    /// </summary>
    public static IServiceCollection AddModerationStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section));
        // Resolved from the final configuration, so test hosts and environment overrides apply.
        services.AddSingleton(sp =>
        {
            var postgres = sp.GetRequiredService<IConfiguration>().GetConnectionString("Postgres");
            var sqlitePath = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoreOptions>>().Value.SqlitePath;
            return string.IsNullOrWhiteSpace(postgres)
                ? Database.Sqlite(Path.GetFullPath(sqlitePath, environment.ContentRootPath))
                : Database.Postgres(postgres);
        });
        services.AddSingleton<Migrator>();
        services.AddHostedService<MigrationService>();
        services.AddSingleton<DecisionStore>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return services;
    }

    private sealed class MigrationService(Migrator migrator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class StoreHealthCheck(Database database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy(database.Description);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"{database.Description} is not reachable: {ex.GetType().Name}");
            }
        }
    }
}
