using Microsoft.Extensions.Options;
using Moderation.Core.Sites;

namespace Moderation.Service.Sites;

public static class SiteRegistration
{
    public static IServiceCollection AddModerationSites(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SitesOptions>().Bind(configuration.GetSection(SitesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SitesOptions>, SitesValidator>();
        services.AddSingleton<ISiteSettingsProvider, ConfiguredSites>();
        return services;
    }

    /// <summary>Reads the current options on each call, so edited configuration applies to the next comment.</summary>
    private sealed class ConfiguredSites(IOptionsMonitor<SitesOptions> options) : ISiteSettingsProvider
    {
        public SiteSettings? Find(string siteId) => options.CurrentValue.Sites.GetValueOrDefault(siteId);
    }

    private sealed class SitesValidator : IValidateOptions<SitesOptions>
    {
        public ValidateOptionsResult Validate(string? name, SitesOptions options)
        {
            if (options.Sites.Count == 0)
            {
                return ValidateOptionsResult.Fail("Moderation:Sites must configure at least one site.");
            }

            var errors = options.Sites.Select(s => s.Value.Validate(s.Key)).OfType<string>().ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
