using Microsoft.Extensions.Diagnostics.HealthChecks;
using Moderation.Classifiers.Scoring;
using Moderation.Core.Classification;
using Moderation.Core.Sites;
using Moderation.Service.SiteModels;

namespace Moderation.Service.Classification;

public static class ClassifierRegistration
{
    /// <summary>The two tasks the pipeline scores, with the configuration section each model is read from.</summary>
    private static readonly (string Task, string Section)[] Tasks = [("spam", "Moderation:Models:Spam"), ("toxicity", "Moderation:Models:Toxicity")];

    /// <summary>
    /// The spam and toxicity models, from <c>Moderation:Models:{Spam|Toxicity}:Path</c> or the default
    /// models shipped beside the service. Each reloads itself when its file changes, so a retrained
    /// model goes live without a restart; the replica is not ready until both are loaded. A site with a
    /// model of its own in the store (a champion) is scored with that one instead, see <see cref="SiteModelClassifier"/>.
    /// </summary>
    public static IServiceCollection AddModerationClassifiers(this IServiceCollection services)
    {
        foreach (var (task, section) in Tasks)
        {
            services.AddSingleton(sp => Create(sp, task, section));
            services.AddSingleton<IClassifier>(sp => new SiteModelClassifier(
                sp.GetServices<ModelClassifier>().Single(c => c.Task == task), sp.GetRequiredService<SiteModelCatalog>(), sp.GetRequiredService<ISiteSettingsProvider>()));
        }

        services.AddHealthChecks().AddCheck<ModelsHealthCheck>("models", tags: ["ready"]);
        services.AddModerationSiteModels();
        return services;
    }

    private static ModelClassifier Create(IServiceProvider services, string task, string section)
    {
        var configuration = services.GetRequiredService<IConfiguration>().GetSection(section);
        var defaults = ClassifierOptions.Default(task);
        var options = defaults with
        {
            ModelPath = configuration["Path"] is { Length: > 0 } path ? Path.GetFullPath(path, AppContext.BaseDirectory) : defaults.ModelPath,
            Watch = configuration.GetValue("Watch", defaults.Watch),
            PollInterval = configuration.GetValue("PollInterval", defaults.PollInterval),
            ExplanationSize = configuration.GetValue("ExplanationSize", defaults.ExplanationSize),
            ExplainFrom = configuration.GetValue("ExplainFrom", defaults.ExplainFrom),
        };
        return new ModelClassifier(options, services.GetRequiredService<ILogger<ModelClassifier>>(), services.GetRequiredService<TimeProvider>());
    }

    private sealed class ModelsHealthCheck(IEnumerable<ModelClassifier> classifiers) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var missing = classifiers.Where(c => !c.IsLoaded).ToList();
            var loaded = string.Join(", ", classifiers.Where(c => c.IsLoaded).Select(c => $"{c.Task} {c.Metadata?.Version}"));
            return Task.FromResult(missing.Count == 0
                ? HealthCheckResult.Healthy(loaded)
                : HealthCheckResult.Unhealthy($"not loaded: {string.Join(", ", missing.Select(c => $"{c.Task} ({c.LastError ?? "no file"})"))}"));
        }
    }
}
