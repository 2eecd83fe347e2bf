namespace Moderation.Core.Sites;

/// <summary>
/// Everything one website configures: limits, term lists, link rules, text shape, duplicates,
/// flood limits, author trust, classifier thresholds, and which rules run in which mode.
/// Bound from configuration section <c>Moderation:Sites:{siteId}</c>; when configuration reloads,
/// a new instance replaces the old one (rules cache compiled lists per instance).
/// </summary>
public sealed class SiteSettings
{
    /// <summary>Changes whenever the policy changes; carried in every decision.</summary>
    public string PolicyVersion { get; set; } = "1";

    /// <summary>Longest text accepted, in UTF-16 code units; longer texts are rejected with <c>TextTooLong</c>.</summary>
    public int MaxTextLength { get; set; } = 10_000;

    public TermSettings Terms { get; set; } = new();

    public LinkSettings Links { get; set; } = new();

    public TextShapeSettings TextShape { get; set; } = new();

    public DuplicateSettings Duplicates { get; set; } = new();

    public FloodSettings Flood { get; set; } = new();

    public AuthorSettings Authors { get; set; } = new();

    public ThresholdSettings Thresholds { get; set; } = new();

    public ExpectedRateSettings ExpectedRates { get; set; } = new();

    /// <summary>
    /// Distinct readers whose open reports put a published comment back in the review queue
    /// (reason <c>Reported</c>). Reports a moderator has answered no longer count.
    /// </summary>
    public int ReportsToHold { get; set; } = 3;

    /// <summary>
    /// Most reports one reader may file within the window, across the site's comments; further ones
    /// are refused (429). Max 0 turns the limit off.
    /// </summary>
    public RateLimit ReportsPerReporter { get; set; } = new() { Max = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>
    /// Names of rules or models ("rules/links", "spam") that are scored and reported but do not decide.
    /// For rules, the <c>Mode</c> of their own section says the same; either puts a rule in shadow.
    /// </summary>
    public IList<string> Shadow { get; set; } = [];

    /// <summary>How the site's own models (trained on its moderators' decisions) are tried and promoted.</summary>
    public SiteModelSettings Models { get; set; } = new();

    /// <summary>Returns the first problem with these settings, naming the key, or null when they are valid.</summary>
    public string? Validate(string siteId) => Errors(siteId).FirstOrDefault();

    /// <summary>Every problem with these settings, each naming its configuration key.</summary>
    public IEnumerable<string> Errors(string siteId)
    {
        var p = $"Moderation:Sites:{siteId}";
        if (string.IsNullOrWhiteSpace(PolicyVersion))
        {
            yield return $"{p}:PolicyVersion must not be empty.";
        }

        if (MaxTextLength is < 1 or > 1_000_000)
        {
            yield return $"{p}:MaxTextLength must be between 1 and 1000000 (was {MaxTextLength}).";
        }

        if (ReportsToHold is < 1 or > 1000)
        {
            yield return $"{p}:ReportsToHold must be between 1 and 1000 (was {ReportsToHold}).";
        }

        var sections = new IEnumerable<string>[]
        {
            ReportsPerReporter.Errors($"{p}:ReportsPerReporter"),
            Terms.Errors($"{p}:Terms"),
            Links.Errors($"{p}:Links"),
            TextShape.Errors($"{p}:TextShape"),
            Duplicates.Errors($"{p}:Duplicates"),
            Flood.Errors($"{p}:Flood"),
            Authors.Errors($"{p}:Authors"),
            Models.Errors($"{p}:Models"),
        };
        foreach (var error in sections.SelectMany(e => e))
        {
            yield return error;
        }

        if (Thresholds.Validate($"{p}:Thresholds") is { } thresholds)
        {
            yield return thresholds;
        }

        foreach (var error in ExpectedRates.Errors($"{p}:ExpectedRates"))
        {
            yield return error;
        }

        for (var i = 0; i < Shadow.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Shadow[i]))
            {
                yield return $"{p}:Shadow:{i} must name a rule or model.";
            }
        }
    }
}

/// <summary>
/// The lifecycle of a site's own models. A model in shadow is scored on the site's next
/// <see cref="ShadowComments"/> comments without deciding; after that it is promoted automatically only
/// when <see cref="AutoPromote"/> is on and its comparison report says it beat the serving model.
/// Otherwise an administrator promotes it (or not).
/// </summary>
public sealed class SiteModelSettings
{
    public bool AutoPromote { get; set; }

    /// <summary>Comments a shadow model scores before its trial is over (counted over all replicas).</summary>
    public int ShadowComments { get; set; } = 500;

    /// <summary>When the service retrains the site's models by itself (off by default).</summary>
    public SiteRetrainSettings Retrain { get; set; } = new();

    internal IEnumerable<string> Errors(string prefix)
    {
        if (ShadowComments is < 1 or > 10_000_000)
        {
            yield return $"{prefix}:ShadowComments must be between 1 and 10000000 (was {ShadowComments}).";
        }

        foreach (var error in Retrain.Errors($"{prefix}:Retrain"))
        {
            yield return error;
        }
    }
}

/// <summary>
/// The background retraining of a site's models, per task. Off unless one of the two is set: the site's
/// moderators' labels then train a challenger, compared with what serves on the newest labels; a winner goes
/// into shadow (and is promoted only as <see cref="SiteModelSettings.AutoPromote"/> says).
/// </summary>
public sealed class SiteRetrainSettings
{
    /// <summary>Retrain once this many new human labels of a task have arrived since the site's last model of that task. 0 = off.</summary>
    public int AfterLabels { get; set; }

    /// <summary>Retrain this long after the site's last model of a task when any new label has arrived. Null = off.</summary>
    public TimeSpan? Every { get; set; }

    public bool Enabled => AfterLabels > 0 || Every is not null;

    internal IEnumerable<string> Errors(string prefix)
    {
        if (AfterLabels is < 0 or > 10_000_000)
        {
            yield return $"{prefix}:AfterLabels must be 0 (off) or up to 10000000 (was {AfterLabels}).";
        }

        if (Every is { } every && (every < TimeSpan.FromMinutes(1) || every > TimeSpan.FromDays(366)))
        {
            yield return $"{prefix}:Every must be between 00:01:00 and 366 days, or unset (was {every}).";
        }
    }
}

/// <summary>How a rule runs for a site.</summary>
public enum RuleMode
{
    /// <summary>The rule does not run.</summary>
    Off,

    /// <summary>The rule runs and its reasons are reported and logged, but do not decide.</summary>
    Shadow,

    /// <summary>The rule runs and its reasons decide.</summary>
    Enforce,
}

/// <summary>A limit of so many events within a sliding window.</summary>
public sealed class RateLimit
{
    /// <summary>Most events (comments, or a reader's reports) allowed within <see cref="Window"/>; the next one is held or refused. 0 turns the limit off.</summary>
    public int Max { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    internal IEnumerable<string> Errors(string prefix)
    {
        if (Max < 0)
        {
            yield return $"{prefix}:Max must be 0 (off) or more (was {Max}).";
        }

        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(31))
        {
            yield return $"{prefix}:Window must be more than zero and at most 31 days (was {Window}).";
        }
    }
}

internal static class Check
{
    public static IEnumerable<string> Share(string key, double value)
    {
        if (double.IsNaN(value) || value is < 0 or > 1)
        {
            yield return $"{key} must be between 0 and 1 (was {value}).";
        }
    }

    public static IEnumerable<string> Window(string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(366))
        {
            yield return $"{key} must be more than zero and at most 366 days (was {value}).";
        }
    }

    public static IEnumerable<string> Defined<TEnum>(string key, TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            yield return $"{key} must be one of {string.Join(", ", Enum.GetNames<TEnum>())} (was {value}).";
        }
    }

    public static IEnumerable<string> Action(string key, ReasonLevel value) => Defined(key, value);
}

/// <summary>What a rule's reason asks for, as a site configures it.</summary>
public enum ReasonLevel
{
    /// <summary>Reported only.</summary>
    Flag,

    /// <summary>Held for a moderator.</summary>
    Hold,

    /// <summary>Rejected.</summary>
    Reject,
}

/// <summary>
/// Classifier probabilities (at the site's expected rate) at or above which a comment is held or rejected.
/// Unset = the model's own threshold at that rate: hold from its best out-of-fold F1, reject only where its
/// out-of-fold precision reached 0.99. A value set here overrides the model's for that one threshold.
/// </summary>
public sealed class ThresholdSettings
{
    public double? SpamHold { get; set; }

    public double? SpamReject { get; set; }

    public double? ToxicityHold { get; set; }

    public double? ToxicityReject { get; set; }

    internal string? Validate(string prefix)
    {
        foreach (var (name, value) in new[] { (nameof(SpamHold), SpamHold), (nameof(SpamReject), SpamReject), (nameof(ToxicityHold), ToxicityHold), (nameof(ToxicityReject), ToxicityReject) })
        {
            if (value is { } v && (v is < 0 or > 1 || double.IsNaN(v)))
            {
                return $"{prefix}:{name} must be between 0 and 1 (was {v}).";
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

/// <summary>
/// The share of the site's comments expected to be spam and to be toxic. Models are trained on data that is
/// 20–60 % positive; their probabilities are corrected to these rates before any threshold applies, so a
/// 0.8 means about 80 % on this site's traffic. Measure them from the site's own moderation history when it
/// has one.
/// </summary>
public sealed class ExpectedRateSettings
{
    /// <summary>The default for both tasks: a few per cent is typical of a news site's comment stream.</summary>
    public const double Default = 0.05;

    public double Spam { get; set; } = Default;

    public double Toxicity { get; set; } = Default;

    /// <summary>The rate for a classifier task; the default for a task this class does not know.</summary>
    public double For(string task) => task switch
    {
        "spam" => Spam,
        "toxicity" => Toxicity,
        _ => Default,
    };

    internal IEnumerable<string> Errors(string prefix)
    {
        foreach (var (name, value) in new[] { (nameof(Spam), Spam), (nameof(Toxicity), Toxicity) })
        {
            if (double.IsNaN(value) || value is < 0.0001 or > 0.9999)
            {
                yield return $"{prefix}:{name} must be a share between 0.0001 and 0.9999 (was {value}).";
            }
        }
    }
}
