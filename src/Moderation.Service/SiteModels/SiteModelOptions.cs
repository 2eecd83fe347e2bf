namespace Moderation.Service.SiteModels;

/// <summary>How replicas serve sites' own models. Bound from <c>Moderation:SiteModels</c>; per-site settings are under <c>Moderation:Sites:{id}:Models</c>.</summary>
public sealed class SiteModelOptions
{
    public const string Section = "Moderation:SiteModels";

    /// <summary>
    /// How often each replica asks the store which site models serve (versions only) and loads the changed ones;
    /// also how often shadow-comment counts are written and automatic promotions are checked. A change made
    /// through one replica is served by the others within about this long.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest model upload accepted, in bytes (the shipped toxicity model is about 5 MB).</summary>
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest comparison report accepted with an upload, in bytes.</summary>
    public int MaxReportBytes { get; set; } = 1024 * 1024;

    internal string? Validate()
    {
        if (RefreshInterval < TimeSpan.FromMilliseconds(100) || RefreshInterval > TimeSpan.FromMinutes(10))
        {
            return $"{Section}:RefreshInterval must be between 00:00:00.1 and 00:10:00 (was {RefreshInterval}).";
        }

        if (MaxUploadBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            return $"{Section}:MaxUploadBytes must be between 1024 and 1073741824 (was {MaxUploadBytes}).";
        }

        return MaxReportBytes is < 1024 or > 64 * 1024 * 1024
            ? $"{Section}:MaxReportBytes must be between 1024 and 67108864 (was {MaxReportBytes})."
            : null;
    }
}
