using System.Text.Json;
using Microsoft.Extensions.Options;
using Moderation.Classifiers.ModelFiles;
using Moderation.Core.Sites;
using Moderation.Service.Telemetry;

namespace Moderation.Service.SiteModels;

/// <summary>
/// A site's model loaded on this replica. A shadow model counts the comments it scores here until the
/// refresher adds them to the store's count, which all replicas share.
/// </summary>
public sealed class ServingModel(ServingSiteModel row, LinearTextModel model)
{
    private long _stored = row.ShadowComments;
    private long _pending;

    public long Id { get; } = row.Id;

    public string Version { get; } = row.Version;

    public LinearTextModel Model { get; } = model;

    /// <summary>
    /// For a shadow model: true, counting one comment, while its trial of <paramref name="limit"/> comments is not
    /// over (all replicas together; replicas may overshoot by what they scored within one refresh interval).
    /// </summary>
    public bool TryTakeShadowComment(long limit)
    {
        if (Volatile.Read(ref _stored) + Volatile.Read(ref _pending) >= limit)
        {
            return false;
        }

        Interlocked.Increment(ref _pending);
        return true;
    }

    internal long TakePending() => Interlocked.Exchange(ref _pending, 0);

    internal void ReturnPending(long comments) => Interlocked.Add(ref _pending, comments);

    internal void SetStored(long comments) => Volatile.Write(ref _stored, comments);
}

/// <summary>What serves one site and task beside the shipped model: its champion and its shadow, each optional.</summary>
public sealed record SiteModelSet(ServingModel? Champion, ServingModel? Shadow);

/// <summary>
/// The sites' own models this replica serves, refreshed from the store every
/// <see cref="SiteModelOptions.RefreshInterval"/>: a cheap query for the serving versions, then the bytes of
/// changed ones only. A model that does not load (corrupt, another task, a format this build cannot read —
/// say a newer replica's during a rolling upgrade) is refused, logged and counted, and whatever served that
/// site before keeps serving. Each refresh also writes the shadow models' comment counts and promotes a
/// shadow model whose trial is over when its site allows it and its report says it won.
/// </summary>
public sealed class SiteModelCatalog(
    SiteModelStore store, ISiteSettingsProvider sites, IOptions<SiteModelOptions> options, ModerationMetrics metrics, TimeProvider time,
    ILogger<SiteModelCatalog> logger) : BackgroundService
{
    /// <summary>Who the audit log names for automatic promotions.</summary>
    public const string AutoPromotionActor = "auto-promotion";

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly HashSet<long> _refused = [];
    private readonly HashSet<long> _notPromotable = [];
    private readonly HashSet<long> _awaitingAdmin = [];
    private volatile IReadOnlyDictionary<(string SiteId, string Task), SiteModelSet> _serving = new Dictionary<(string, string), SiteModelSet>();

    /// <summary>When a refresh last succeeded; null until the first did (the replica is not ready until then).</summary>
    public DateTimeOffset? LastRefreshed { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The site's own models for a task, or null when the shipped model alone serves it. One dictionary read.</summary>
    public SiteModelSet? Find(string siteId, string task) => _serving.GetValueOrDefault((siteId, task));

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the bus takes messages, so a replica's first comments of a site already get its champion.
        await TryRefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryRefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The last shadow counts of this replica.
        try
        {
            await FlushShadowCountsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not write the last shadow-comment counts on stopping: {Error}", ex.Message);
        }
    }

    /// <summary>Refreshes now (after a lifecycle step through this replica, so it serves the change at once).</summary>
    public Task RefreshNowAsync(CancellationToken cancellationToken) => TryRefreshAsync(cancellationToken);

    private async Task TryRefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            await RefreshAsync(cancellationToken);
            LastRefreshed = time.GetUtcNow();
            LastError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LastError = $"{ex.GetType().Name}: {ex.Message}";
            metrics.SiteModelRefreshFailed();
            logger.LogWarning("Could not refresh the sites' models from the store; the models in use stay: {Error}", LastError);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await FlushShadowCountsAsync(cancellationToken);
        var rows = await store.ServingAsync(cancellationToken);
        var current = _serving;
        var next = new Dictionary<(string, string), SiteModelSet>();
        foreach (var group in rows.GroupBy(r => (r.SiteId, r.Task)))
        {
            var before = current.GetValueOrDefault(group.Key);
            var champion = await ServeAsync(group.FirstOrDefault(r => r.Role == SiteModelRoles.Champion), before?.Champion, cancellationToken);
            var shadow = await ServeAsync(group.FirstOrDefault(r => r.Role == SiteModelRoles.Shadow), before?.Shadow, cancellationToken);
            if (champion is not null || shadow is not null)
            {
                next[group.Key] = new SiteModelSet(champion, shadow);
            }
        }

        foreach (var (key, set) in current)
        {
            if (set.Champion is { } gone && !rows.Any(r => r.Id == gone.Id && r.Role == SiteModelRoles.Champion))
            {
                logger.LogInformation("Site {SiteId} no longer serves its {Task} model {ModelVersion}; {Serving} serves", key.SiteId, key.Task, gone.Version,
                    next.GetValueOrDefault(key)?.Champion?.Version ?? "the shipped model");
            }
        }

        _serving = next;
        await PromoteFinishedTrialsAsync(rows, cancellationToken);
    }

    /// <summary>The loaded model for a serving row: the one in use when it is the same, else loaded from the store; on failure, the one before.</summary>
    private async Task<ServingModel?> ServeAsync(ServingSiteModel? row, ServingModel? before, CancellationToken cancellationToken)
    {
        if (row is null)
        {
            return null;
        }

        if (before is not null && before.Id == row.Id)
        {
            before.SetStored(row.ShadowComments);
            return before;
        }

        if (_refused.Contains(row.Id))
        {
            return before;
        }

        string error;
        try
        {
            var bytes = await store.ReadModelAsync(row.Id, cancellationToken);
            if (bytes is null)
            {
                return before; // removed between the two queries; the next refresh settles it
            }

            using var stream = new MemoryStream(bytes, writable: false);
            var model = ModelFile.Read(stream);
            if (model.Metadata.Task == row.Task)
            {
                logger.LogInformation("Site {SiteId} now serves {Task} model {ModelVersion} as {Role} ({Features} features)",
                    row.SiteId, row.Task, row.Version, row.Role, model.Metadata.VocabularySize);
                metrics.SiteModelLoaded(row.SiteId, row.Task, row.Role);
                return new ServingModel(row, model);
            }

            error = $"the model file is for task '{model.Metadata.Task}', not '{row.Task}'";
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or EndOfStreamException or NotSupportedException)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        // Model bytes never change, so a refused model is not tried again.
        _refused.Add(row.Id);
        metrics.SiteModelLoadFailed(row.SiteId, row.Task);
        logger.LogError("Refused site {SiteId}'s {Task} model {ModelVersion} ({Role}): {Error}; still serving {Serving}",
            row.SiteId, row.Task, row.Version, row.Role, error, before?.Version ?? (row.Role == SiteModelRoles.Champion ? "the shipped model" : "no shadow model"));
        return before;
    }

    private async Task FlushShadowCountsAsync(CancellationToken cancellationToken)
    {
        var taken = _serving.Values.Select(s => s.Shadow).OfType<ServingModel>().Select(m => (Model: m, Comments: m.TakePending())).Where(t => t.Comments > 0).ToList();
        try
        {
            await store.AddShadowCommentsAsync(taken.Select(t => (t.Model.Id, t.Comments)).ToList(), cancellationToken);
        }
        catch
        {
            foreach (var (model, comments) in taken)
            {
                model.ReturnPending(comments);
            }

            throw;
        }
    }

    private async Task PromoteFinishedTrialsAsync(IReadOnlyList<ServingSiteModel> rows, CancellationToken cancellationToken)
    {
        // A model that leaves shadow and comes back starts a new trial.
        var shadows = rows.Where(r => r.Role == SiteModelRoles.Shadow).Select(r => r.Id).ToHashSet();
        _notPromotable.IntersectWith(shadows);
        _awaitingAdmin.IntersectWith(shadows);
        var promoted = false;
        foreach (var row in rows.Where(r => r.Role == SiteModelRoles.Shadow && !_notPromotable.Contains(r.Id)))
        {
            var settings = sites.Find(row.SiteId)?.Models;
            if (settings is null || row.ShadowComments < settings.ShadowComments)
            {
                continue;
            }

            if (!settings.AutoPromote)
            {
                if (_awaitingAdmin.Add(row.Id))
                {
                    logger.LogInformation("Site {SiteId}'s {Task} model {ModelVersion} scored {Comments} comments in shadow; the site promotes by an administrator's call",
                        row.SiteId, row.Task, row.Version, row.ShadowComments);
                }

                continue;
            }

            // Every replica may try; the store's lock and role check let one promote.
            var change = await store.PromoteAsync(row.SiteId, row.Task, row.Version, AutoPromotionActor, cancellationToken, automatic: true, shadowComments: settings.ShadowComments);
            switch (change)
            {
                case SiteModelChange.Changed changed:
                    promoted = true;
                    metrics.SiteModelChanged(row.SiteId, row.Task, "auto_promoted");
                    logger.LogInformation("Promoted site {SiteId}'s {Task} model {ModelVersion} after {Comments} shadow comments: its report says it won (replaces {Previous})",
                        row.SiteId, row.Task, row.Version, row.ShadowComments, changed.Displaced?.Version ?? "the shipped model");
                    break;
                case SiteModelChange.Lost:
                    _notPromotable.Add(row.Id);
                    logger.LogInformation("Site {SiteId}'s {Task} model {ModelVersion} finished its shadow trial but its report says it lost: not promoted",
                        row.SiteId, row.Task, row.Version);
                    break;
                case SiteModelChange.NotReady notReady:
                    _notPromotable.Add(row.Id);
                    logger.LogInformation("Site {SiteId}'s {Task} model {ModelVersion} finished its shadow trial and is not promoted automatically: {Why}",
                        row.SiteId, row.Task, row.Version, notReady.Why);
                    break;
                default:
                    break; // another replica got there first, or an administrator changed it meanwhile
            }
        }

        if (promoted)
        {
            await RefreshAsync(cancellationToken);
        }
    }

    public override void Dispose()
    {
        _refreshing.Dispose();
        base.Dispose();
    }
}
