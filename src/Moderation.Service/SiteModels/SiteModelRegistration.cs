using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Moderation.Service.SiteModels;

public static class SiteModelRegistration
{
    /// <summary>
    /// Sites' own models: the store, the catalog every replica refreshes from it (started after the
    /// migrations and before the bus), the background retraining of sites that turn it on, and a readiness check that waits for the catalog's first read.
    /// </summary>
    public static IServiceCollection AddModerationSiteModels(this IServiceCollection services)
    {
        services.AddOptions<SiteModelOptions>().BindConfiguration(SiteModelOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiteModelOptions>, OptionsValidator>();
        services.AddSingleton<SiteModelStore>();
        services.AddSingleton<SiteModelCatalog>();
        services.AddSingleton<SiteModelsApi.Steps>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteModelCatalog>());
        services.AddOptions<SiteRetrainOptions>().BindConfiguration(SiteRetrainOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiteRetrainOptions>, RetrainOptionsValidator>();
        services.AddSingleton<SiteRetrainer>();
        services.AddSingleton<SiteRetrainJob>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteRetrainJob>());
        services.AddHealthChecks().AddCheck<CatalogHealthCheck>("site-models", tags: ["ready"]);
        return services;
    }

    private sealed class OptionsValidator : IValidateOptions<SiteModelOptions>
    {
        public ValidateOptionsResult Validate(string? name, SiteModelOptions options) =>
            options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }

    private sealed class RetrainOptionsValidator : IValidateOptions<SiteRetrainOptions>
    {
        public ValidateOptionsResult Validate(string? name, SiteRetrainOptions options) =>
            options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }

    private sealed class CatalogHealthCheck(SiteModelCatalog catalog) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(catalog.LastRefreshed is { } at
                ? HealthCheckResult.Healthy($"site models read at {at:O}")
                : HealthCheckResult.Unhealthy($"the sites' models have not been read from the store yet ({catalog.LastError ?? "starting"})"));
    }
}
