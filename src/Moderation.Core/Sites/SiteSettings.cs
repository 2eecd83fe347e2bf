namespace Moderation.Core.Sites;

/// <summary>
/// Everything one website configures: limits, term lists, link rules, classifier thresholds,
/// and which rules or models run in shadow mode. Bound from configuration section
/// <c>Moderation:Sites:{siteId}</c>.
/// </summary>
public sealed class SiteSettings
{
    /// <summary>Changes whenever the policy changes; carried in every decision.</summary>
    public string PolicyVersion { get; set; } = "1";

    /// <summary>Longest text accepted, in UTF-16 code units; longer texts are rejected with <c>TextTooLong</c>.</summary>
    public int MaxTextLength { get; set; } = 10_000;

    public TermSettings Terms { get; set; } = new();

    public LinkSettings Links { get; set; } = new();

    public ThresholdSettings Thresholds { get; set; } = new();

    /// <summary>Names of rules or models ("rules/links", "spam") that are scored and reported but do not decide.</summary>
    public IList<string> Shadow { get; set; } = [];

    /// <summary>Returns the first problem with these settings, naming the key, or null when they are valid.</summary>
    public string? Validate(string siteId)
    {
        var prefix = $"Moderation:Sites:{siteId}";
        if (MaxTextLength is < 1 or > 1_000_000)
        {
            return $"{prefix}:MaxTextLength must be between 1 and 1000000 (was {MaxTextLength}).";
        }

        if (Links.MaxLinks < 0)
        {
            return $"{prefix}:Links:MaxLinks must be 0 or more (was {Links.MaxLinks}).";
        }

        return Thresholds.Validate($"{prefix}:Thresholds");
    }
}

public sealed class TermSettings
{
    /// <summary>Terms whose presence rejects the comment (<c>BannedTerm</c>).</summary>
    public IList<string> Banned { get; set; } = [];

    /// <summary>Terms whose presence holds the comment for a moderator (<c>SuspectTerm</c>).</summary>
    public IList<string> Suspect { get; set; } = [];
}

public sealed class LinkSettings
{
    /// <summary>More links than this hold the comment (<c>TooManyLinks</c>).</summary>
    public int MaxLinks { get; set; } = 2;
}

/// <summary>Classifier probabilities at or above which a comment is held or rejected.</summary>
public sealed class ThresholdSettings
{
    public double SpamHold { get; set; } = 0.5;

    public double SpamReject { get; set; } = 0.95;

    public double ToxicityHold { get; set; } = 0.5;

    public double ToxicityReject { get; set; } = 0.95;

    internal string? Validate(string prefix)
    {
        foreach (var (name, value) in new[] { (nameof(SpamHold), SpamHold), (nameof(SpamReject), SpamReject), (nameof(ToxicityHold), ToxicityHold), (nameof(ToxicityReject), ToxicityReject) })
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                return $"{prefix}:{name} must be between 0 and 1 (was {value}).";
            }
        }

        if (SpamReject < SpamHold)
        {
            return $"{prefix}:SpamReject ({SpamReject}) must not be below SpamHold ({SpamHold}).";
        }

        if (ToxicityReject < ToxicityHold)
        {
            return $"{prefix}:ToxicityReject ({ToxicityReject}) must not be below ToxicityHold ({ToxicityHold}).";
        }

        return null;
    }
}
