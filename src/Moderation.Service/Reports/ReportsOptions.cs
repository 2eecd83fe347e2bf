namespace Moderation.Service.Reports;

/// <summary>Service-wide settings of readers' reports; the per-site ones are in the site settings.</summary>
public sealed class ReportsOptions
{
    public const string Section = "Moderation:Reports";

    /// <summary>
    /// Secret key of the reporter id hash (at least 16 characters), the same on every replica.
    /// Unset: a random key is generated once and kept in the store, so counts survive restarts and
    /// span replicas, but whoever reads the store also holds the key.
    /// </summary>
    public string? ReporterHashKey { get; set; }
}
