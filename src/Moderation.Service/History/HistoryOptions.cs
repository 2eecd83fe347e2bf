namespace Moderation.Service.History;

/// <summary>Settings of the comment history that the flood, duplicate and author rules share.</summary>
public sealed class HistoryOptions
{
    public const string Section = "Moderation:History";

    /// <summary>
    /// Secret key of the IP address hash (at least 16 characters), the same on every replica.
    /// Unset: a random key per process, so per-IP counts do not survive a restart or span replicas.
    /// </summary>
    public string? IpHashKey { get; set; }

    /// <summary>How long similarity sketches are kept; must cover the longest duplicate or campaign window of any site.</summary>
    public TimeSpan SketchRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old sketches are dropped.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
