using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Moderation.Contracts;
using Moderation.Core.Pipeline;

namespace Moderation.Service.Telemetry;

/// <summary>
/// The service's own instruments (meter <see cref="MeterName"/>). Labels are bounded: configured
/// site ids, outcomes, reason codes, model versions. Never comment or author ids, never text.
/// </summary>
public sealed class ModerationMetrics
{
    public const string MeterName = "Moderation.Service";

    /// <summary>Bucket bounds in seconds for queue lag: from a few milliseconds to an hour's backlog.</summary>
    private static readonly double[] LagBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly Counter<long> _decided;
    private readonly Counter<long> _repeated;
    private readonly Counter<long> _reasons;
    private readonly Counter<long> _invalid;
    private readonly Counter<long> _reports;
    private readonly Counter<long> _reportHolds;
    private readonly Counter<long> _siteModelChanges;
    private readonly Counter<long> _siteModelLoads;
    private readonly Counter<long> _siteModelLoadFailures;
    private readonly Counter<long> _siteModelRefreshFailures;
    private readonly Counter<long> _siteModelRetrainWaits;
    private readonly Histogram<double> _lag;
    private readonly ConcurrentDictionary<(string Task, string Version, bool Shadow), byte> _models = new();

    public ModerationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _decided = meter.CreateCounter<long>("moderation.comments.decided", "{comment}", "Comment revisions decided, by site, outcome and channel (bus or http).");
        _repeated = meter.CreateCounter<long>("moderation.comments.repeated", "{comment}", "Submissions that were decided before (redeliveries, resubmissions); answered from the store.");
        _reasons = meter.CreateCounter<long>("moderation.decision.reasons", "{reason}", "Reasons attached to decisions, by site, reason code, action and shadow.");
        _invalid = meter.CreateCounter<long>("moderation.comments.invalid", "{comment}", "Submissions refused as invalid, by error code (not by site: an unknown site id is unbounded input).");
        _reports = meter.CreateCounter<long>("moderation.reports", "{report}", "Readers' reports, by site and result (counted, repeated, limited, not_published, unknown_comment).");
        _reportHolds = meter.CreateCounter<long>("moderation.reports.held", "{comment}", "Approved comments that readers' reports put back in the review queue, by site.");
        _siteModelChanges = meter.CreateCounter<long>(
            "moderation.site_models.changes", "{change}",
            "Lifecycle steps of sites' own models, by site, task and action (uploaded, shadowed, promoted, auto_promoted, rolled_back, retired).");
        _siteModelLoads = meter.CreateCounter<long>(
            "moderation.site_models.loads", "{model}", "Sites' own models this replica loaded from the store to serve, by site, task and role (champion, shadow).");
        _siteModelLoadFailures = meter.CreateCounter<long>(
            "moderation.site_models.load_failures", "{model}", "Sites' own models this replica refused to serve because they would not load, by site and task; the previous model stays.");
        _siteModelRetrainWaits = meter.CreateCounter<long>(
            "moderation.site_models.retrain_waits", "{retrain}", "Retrains of a site's model that waited for more labels (too few of a class), by site and task.");
        _siteModelRefreshFailures = meter.CreateCounter<long>(
            "moderation.site_models.refresh_failures", "{refresh}", "Refreshes of the serving site models that failed (store unreachable); the models in use stay.");
        _lag = meter.CreateHistogram(
            "moderation.queue.lag",
            unit: "s",
            description: "From when a comment was sent (broker send time, else the site's submittedAt) to when the service took it.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        meter.CreateObservableGauge(
            "moderation.model.info",
            ObserveModels,
            unit: "{model}",
            description: "1 for each classifier model version that scored comments since start (version \"none\" when no model is loaded).");
    }

    /// <summary>Counts a new decision and its reasons; remembers the model versions that scored it.</summary>
    public void Decided(string siteId, Outcome outcome, string channel, IModerationDecision decision)
    {
        _decided.Add(1, new("site", siteId), new("outcome", outcome.ToString()), new("channel", channel));
        foreach (var reason in decision.Reasons)
        {
            _reasons.Add(1, new("site", siteId), new("reason", reason.Code), new("action", reason.Action.ToString()), new("shadow", reason.Shadow));
            if (reason.Code == ReasonCodes.ClassifierUnavailable && reason.Source is { } task)
            {
                _models.TryAdd((task, "none", reason.Shadow), 0);
            }
        }

        foreach (var score in decision.Scores)
        {
            _models.TryAdd((score.Name, score.ModelVersion, score.Shadow), 0);
        }
    }

    public void Repeated(string siteId) => _repeated.Add(1, new KeyValuePair<string, object?>("site", siteId));

    public void Reported(string siteId, string result) => _reports.Add(1, new("site", siteId), new("result", result));

    public void ReportHeld(string siteId) => _reportHolds.Add(1, new KeyValuePair<string, object?>("site", siteId));

    public void SiteModelChanged(string siteId, string task, string action) =>
        _siteModelChanges.Add(1, new("site", siteId), new("task", task), new("action", action));

    public void SiteModelLoaded(string siteId, string task, string role) =>
        _siteModelLoads.Add(1, new("site", siteId), new("task", task), new("role", role));

    public void SiteModelLoadFailed(string siteId, string task) => _siteModelLoadFailures.Add(1, new("site", siteId), new("task", task));

    public void SiteModelRefreshFailed() => _siteModelRefreshFailures.Add(1);

    public void SiteModelRetrainWaiting(string siteId, string task) => _siteModelRetrainWaits.Add(1, new("site", siteId), new("task", task));

    public void Invalid(string code) => _invalid.Add(1, new KeyValuePair<string, object?>("code", code));

    /// <summary>Records how long a comment waited; a clock skewed into the future counts as no wait.</summary>
    public void QueueLag(string siteId, TimeSpan lag, string basis) =>
        _lag.Record(Math.Max(0, lag.TotalSeconds), new("site", siteId), new("basis", basis));

    private IEnumerable<Measurement<int>> ObserveModels() =>
        _models.Keys.Select(m => new Measurement<int>(1, new("task", m.Task), new("model_version", m.Version), new("shadow", m.Shadow)));
}
