using Moderation.Core.Sites;

namespace Moderation.Service.Sites;

/// <summary>The sites this service moderates, bound from <c>Moderation:Sites</c>; reloaded when the configuration changes.</summary>
public sealed class SitesOptions
{
    public const string Section = "Moderation";

    public Dictionary<string, SiteSettings> Sites { get; set; } = new(StringComparer.Ordinal);
}
