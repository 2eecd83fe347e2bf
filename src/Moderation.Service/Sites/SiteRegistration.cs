using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Moderation.Core.Sites;

namespace Moderation.Service.Sites;

public static class SiteRegistration
{
    public static IServiceCollection AddModerationSites(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SitesOptions>().Bind(configuration.GetSection(SitesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SitesOptions>>(new SitesValidator(configuration));
        services.AddSingleton<ISiteSettingsProvider, ConfiguredSites>();
        return services;
    }

    /// <summary>Every problem of every site, each naming its configuration key; none when the sites are usable.</summary>
    internal static List<string> Errors(SitesOptions options, IConfiguration configuration)
    {
        // First the sites that did not bind at all: the binder leaves out a site whose section holds a
        // value it cannot convert ("Mode": "On"), so the site would be silently unknown and every one
        // of its comments parked as UnknownSite.
        var errors = Unreadable(options, configuration).ToList();
        if (errors.Count == 0 && options.Sites.Count == 0)
        {
            errors.Add("Moderation:Sites must configure at least one site.");
        }

        errors.AddRange(options.Sites.SelectMany(s => s.Value.Errors(s.Key)));
        return errors;
    }

    private static IEnumerable<string> Unreadable(SitesOptions options, IConfiguration configuration)
    {
        foreach (var section in configuration.GetSection($"{SitesOptions.Section}:Sites").GetChildren())
        {
            if (options.Sites.ContainsKey(section.Key))
            {
                continue;
            }

            string problem;
            try
            {
                section.Get<SiteSettings>();
                problem = "its settings could not be read.";
            }
            catch (InvalidOperationException ex)
            {
                // The binder's message names the key and the type it wanted.
                problem = ex.Message;
            }

            yield return $"Moderation:Sites:{section.Key} is not usable: {problem}";
        }
    }

    /// <summary>
    /// The sites as validated at start, replaced when the configuration changes and the new settings
    /// are valid. Invalid new settings are logged with the keys at fault and the last valid ones stay
    /// in force: a typo in a reloaded file must not stop moderation. Each replacement is a new object,
    /// so rules that compile per settings instance (term automata) recompile once.
    /// </summary>
    private sealed class ConfiguredSites : ISiteSettingsProvider, IDisposable
    {
        private readonly IConfiguration _configuration;
        private readonly ILogger<ConfiguredSites> _logger;
        private readonly IDisposable _subscription;
        private volatile SitesOptions _current;

        public ConfiguredSites(IOptions<SitesOptions> initial, IConfiguration configuration, ILogger<ConfiguredSites> logger)
        {
            _current = initial.Value;
            _configuration = configuration;
            _logger = logger;
            _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        }

        public SiteSettings? Find(string siteId) => _current.Sites.GetValueOrDefault(siteId);

        public void Dispose() => _subscription.Dispose();

        private void Reload()
        {
            try
            {
                var fresh = new SitesOptions();
                _configuration.GetSection(SitesOptions.Section).Bind(fresh);
                var errors = Errors(fresh, _configuration);
                if (errors.Count > 0)
                {
                    _logger.LogError("The changed site settings are invalid and were not applied; the previous ones stay in force: {Errors}", errors);
                    return;
                }

                _current = fresh;
                _logger.LogInformation("Applied changed settings of {SiteCount} sites", fresh.Sites.Count);
            }
            catch (InvalidOperationException ex)
            {
                // A value of the wrong type ("MaxLinks": "two") fails binding; the message names the key.
                _logger.LogError("The changed site settings could not be read and were not applied: {Problem}", ex.Message);
            }
        }
    }

    private sealed class SitesValidator(IConfiguration configuration) : IValidateOptions<SitesOptions>
    {
        public ValidateOptionsResult Validate(string? name, SitesOptions options)
        {
            var errors = Errors(options, configuration);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
