using System.Text.Json;
using Microsoft.Extensions.Options;
using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Scoring;
using Moderation.Classifiers.Training;
using Moderation.Core.Sites;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Sites;
using Moderation.Service.Telemetry;

namespace Moderation.Service.SiteModels;

/// <summary>How replicas retrain sites' models by themselves. Bound from <c>Moderation:SiteModels:Retrain</c>; whether a site retrains is its own setting.</summary>
public sealed class SiteRetrainOptions
{
    public const string Section = "Moderation:SiteModels:Retrain";

    /// <summary>How often each replica looks for sites whose retraining is due.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Fewer training labels of either class than this and a retrain waits.</summary>
    public int MinimumPerClass { get; set; } = new SiteTrainingOptions().MinimumPerClass;

    public int Folds { get; set; } = new SiteTrainingOptions().Folds;

    /// <summary>The newest share of the labels held out to compare challenger and champion.</summary>
    public double HeldOutShare { get; set; } = 0.2;

    /// <summary>The ROC AUC the challenger must gain on the held-out labels to win.</summary>
    public double Margin { get; set; } = 0.01;

    internal string? Validate()
    {
        if (CheckInterval < TimeSpan.FromSeconds(1) || CheckInterval > TimeSpan.FromDays(1))
        {
            return $"{Section}:CheckInterval must be between 00:00:01 and 1.00:00:00 (was {CheckInterval}).";
        }

        if (MinimumPerClass is < 1 or > 1_000_000)
        {
            return $"{Section}:MinimumPerClass must be between 1 and 1000000 (was {MinimumPerClass}).";
        }

        if (Folds is < 2 or > 20)
        {
            return $"{Section}:Folds must be between 2 and 20 (was {Folds}).";
        }

        if (double.IsNaN(HeldOutShare) || HeldOutShare is < 0.05 or > 0.5)
        {
            return $"{Section}:HeldOutShare must be between 0.05 and 0.5 (was {HeldOutShare}).";
        }

        return double.IsNaN(Margin) || Margin is < 0 or > 0.5 ? $"{Section}:Margin must be between 0 and 0.5 (was {Margin})." : null;
    }
}

/// <summary>What a retrain did.</summary>
public abstract record RetrainOutcome
{
    /// <summary>A challenger was stored with its comparison report; <paramref name="Shadowed"/>: it won and went into shadow.</summary>
    public sealed record Trained(SiteModelInfo Model, ComparisonDecision Decision, string Reason, bool Shadowed) : RetrainOutcome;

    /// <summary>Too few labels yet: the message says how many more of each class.</summary>
    public sealed record Waiting(string Why, int Labels) : RetrainOutcome;

    /// <summary>Another retrain of this site and task runs (on this replica or another).</summary>
    public sealed record Busy : RetrainOutcome;

    /// <summary>The challenger came out as a version the site already has (the same labels and settings).</summary>
    public sealed record Unchanged(string Version) : RetrainOutcome;
}

/// <summary>
/// Retrains one site's model of a task: its moderators' labels (as <c>export-labels</c> reads them) split by time,
/// a challenger (the shipped model corrected by the older ones, <see cref="SiteRetraining.Run"/>) compared with
/// what serves the site now on the newest; stored as a challenger with its report, and put into shadow when it won.
/// One retrain of a site and task at a time over all replicas (a lease in the store), and one training at a time on
/// a replica, on a thread of the lowest priority so that deciding comments goes first.
/// </summary>
public sealed class SiteRetrainer(
    TrainingLabels labels, SiteModelStore store, SiteModelCatalog catalog, SiteModelsApi.Steps steps, IEnumerable<ModelClassifier> shipped,
    ISiteSettingsProvider sites, IOptions<SiteRetrainOptions> options, ModerationMetrics metrics, TimeProvider time, ILogger<SiteRetrainer> logger) : IDisposable
{
    /// <summary>Who the audit log names for retrained models and the shadow step that follows a win.</summary>
    public const string Actor = "retrain";

    private readonly SemaphoreSlim _training = new(1, 1);

    public async Task<RetrainOutcome> RetrainAsync(string siteId, string task, CancellationToken cancellationToken)
    {
        await using var lease = await store.TryLeaseRetrainAsync(siteId, task, cancellationToken);
        if (lease is null)
        {
            return new RetrainOutcome.Busy();
        }

        var settings = options.Value;
        var rows = await labels.ReadAsync(siteId, task, cancellationToken);
        var (training, _) = ModelComparer.SplitByTime(rows, settings.HeldOutShare);
        try
        {
            SiteModelTrainer.EnsureEnough(training, settings.MinimumPerClass);
        }
        catch (InsufficientLabelsException ex)
        {
            metrics.SiteModelRetrainWaiting(siteId, task);
            logger.LogInformation("Site {SiteId}'s {Task} retrain waits for labels: {Labels} so far. {Why}", siteId, task, rows.Count, ex.Message);
            return new RetrainOutcome.Waiting(ex.Message, rows.Count);
        }

        var served = catalog.Find(siteId, task)?.Champion?.Model ?? ShippedModel(task);
        var rate = (sites.Find(siteId)?.ExpectedRates ?? new ExpectedRateSettings()).For(task);
        var trainingOptions = new SiteTrainingOptions
        {
            MinimumPerClass = settings.MinimumPerClass,
            Folds = settings.Folds,
        };

        (LinearTextModel Challenger, ModelComparison Report, byte[] File) result;
        await _training.WaitAsync(cancellationToken);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            result = await OnLowPriorityThreadAsync(() =>
            {
                // Always the shipped model corrected by all the site's labels: never a correction of a correction.
                var trainer = new SiteModelTrainer(task, ShippedModel(task), trainingOptions, time);
                var (challenger, report) = SiteRetraining.Run(task, trainer, served, rows, settings.HeldOutShare, settings.Margin, rate, time.GetUtcNow());
                // Compressing the file is work too: on this thread, not the thread pool's.
                using var stream = new MemoryStream();
                ModelFile.Write(challenger, stream);
                return (challenger, report, stream.ToArray());
            });
            logger.LogInformation("Site {SiteId}'s {Task} challenger {ModelVersion} trained on {Labels} labels in {Seconds:0.0} s: {Decision}",
                siteId, task, result.Challenger.Metadata.Version, rows.Count, clock.Elapsed.TotalSeconds, result.Report.Decision);
        }
        catch (InsufficientLabelsException ex)
        {
            // The folds' own minimum.
            metrics.SiteModelRetrainWaiting(siteId, task);
            logger.LogInformation("Site {SiteId}'s {Task} retrain waits for labels: {Labels} so far. {Why}", siteId, task, rows.Count, ex.Message);
            return new RetrainOutcome.Waiting(ex.Message, rows.Count);
        }
        finally
        {
            _training.Release();
        }

        var report = JsonSerializer.Serialize(result.Report, ModelFile.Json);
        var info = await store.AddAsync(siteId, task, result.Challenger.Metadata.Version, result.File, report, Actor, cancellationToken, "ModelRetrained");
        if (info is null)
        {
            logger.LogInformation("Site {SiteId}'s {Task} retrain gave {ModelVersion} again, which it already has", siteId, task, result.Challenger.Metadata.Version);
            return new RetrainOutcome.Unchanged(result.Challenger.Metadata.Version);
        }

        metrics.SiteModelChanged(siteId, task, "retrained");
        var shadowed = false;
        if (result.Report.Decision == ComparisonDecision.ChallengerWins
            && await store.ShadowAsync(siteId, task, info.Version, Actor, cancellationToken) is SiteModelChange.Changed changed)
        {
            await steps.ChangedAsync(siteId, task, "shadowed", changed, cancellationToken);
            info = changed.Model;
            shadowed = true;
        }

        return new RetrainOutcome.Trained(info, result.Report.Decision, result.Report.Reason, shadowed);
    }

    public void Dispose() => _training.Dispose();

    /// <summary>The shipped model as it serves now (already loaded: a retrain reads no model file).</summary>
    private LinearTextModel ShippedModel(string task)
    {
        var classifier = shipped.FirstOrDefault(c => c.Task == task) ?? throw new InvalidOperationException($"No shipped {task} model is configured.");
        return classifier.Model ?? ModelFile.Load(classifier.ModelPath);
    }

    /// <summary>Runs <paramref name="work"/> on a thread of its own at the lowest priority: the thread pool keeps deciding comments.</summary>
    private static Task<T> OnLowPriorityThreadAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                LowestPriority.ApplyToCurrentThread();
                done.SetResult(work());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Priority = ThreadPriority.Lowest,
            Name = "site retraining",
        };
        thread.Start();
        return done.Task;
    }
}

/// <summary>
/// Every <see cref="SiteRetrainOptions.CheckInterval"/>, retrains each site's spam and toxicity models that are due
/// by the site's <c>Models:Retrain</c> settings: <c>AfterLabels</c> new labels since the site's last model of the
/// task, or <c>Every</c> since it with at least one new label. Off for a site unless one of them is set.
/// </summary>
public sealed class SiteRetrainJob(
    SiteRetrainer retrainer, SiteModelStore store, TrainingLabels labels, IOptionsMonitor<SitesOptions> sites, IOptions<SiteRetrainOptions> options,
    TimeProvider time, ILogger<SiteRetrainJob> logger) : BackgroundService
{
    // After a retrain that stored nothing (too few labels, or the same model again), new labels are counted from then.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), DateTimeOffset> _lastAttempt = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass over the sites: retrains what is due, one after another. A failure is logged and the next goes on.</summary>
    public async Task<IReadOnlyList<(string SiteId, string Task, RetrainOutcome Outcome)>> CheckAsync(CancellationToken cancellationToken)
    {
        var done = new List<(string, string, RetrainOutcome)>();
        foreach (var (siteId, site) in sites.CurrentValue.Sites)
        {
            var retrain = site.Models.Retrain;
            if (!retrain.Enabled)
            {
                continue;
            }

            foreach (var task in SiteModelsApi.Tasks)
            {
                try
                {
                    if (await DueAsync(siteId, task, retrain, cancellationToken))
                    {
                        var outcome = await retrainer.RetrainAsync(siteId, task, cancellationToken);
                        if (outcome is RetrainOutcome.Unchanged or RetrainOutcome.Waiting)
                        {
                            _lastAttempt[(siteId, task)] = time.GetUtcNow();
                        }

                        done.Add((siteId, task, outcome));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Retraining site {SiteId}'s {Task} model failed", siteId, task);
                }
            }
        }

        return done;
    }

    private async Task<bool> DueAsync(string siteId, string task, SiteRetrainSettings retrain, CancellationToken cancellationToken)
    {
        var last = await store.LastAddedAsync(siteId, task, cancellationToken);
        if (_lastAttempt.TryGetValue((siteId, task), out var attempt) && (last is null || attempt > last))
        {
            last = attempt;
        }

        var fresh = await labels.CountSinceAsync(siteId, task, last, cancellationToken);
        if (retrain.AfterLabels > 0 && fresh >= retrain.AfterLabels)
        {
            return true;
        }

        return retrain.Every is { } every && fresh > 0 && (last is null || time.GetUtcNow() - last >= every);
    }
}

/// <summary>
/// .NET sets no thread priority on Linux (<see cref="Thread.Priority"/> changes nothing there), so the training thread
/// asks the scheduler itself for the idle class (<c>SCHED_IDLE</c>, for this thread only): it runs on a core that
/// nothing else wants, and any other thread that wakes up preempts it at once. A nice value alone (tried: 19) still
/// left the service's threads waiting behind it for a tick on a busy 2-core machine.
/// </summary>
internal static class LowestPriority
{
    private const int SchedIdle = 5;
    private const int PriorityProcess = 0;
    private const int Nicest = 19;

    /// <summary>
    /// True when the current thread was lowered: put in the idle class, or at least given nice 19 (Linux only;
    /// elsewhere <see cref="Thread.Priority"/> does it).
    /// </summary>
    public static bool ApplyToCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var thread = GetThreadId();
            var none = 0;
            var idle = SetScheduler(thread, SchedIdle, ref none) == 0;
            // Where the idle class is refused (a restricted container), the lowest nice value is the next best.
            return idle | SetPriority(PriorityProcess, thread, Nicest) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The calling thread's scheduling policy (Linux; 5 = the idle class), for tests.</summary>
    public static int CurrentThreadPolicy() => GetScheduler(GetThreadId());

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SetScheduler(int thread, int policy, ref int priority);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
    private static extern int GetScheduler(int thread);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
