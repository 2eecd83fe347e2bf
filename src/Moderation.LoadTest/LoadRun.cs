using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Moderation.LoadTest;

/// <summary>
/// One measured run: publish N comments at a rate (or as fast as confirms allow), wait for every
/// decision event, then check the counts against the events, the store and the error queue.
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(Options options)
    {
        var amqp = options.Require("amqp");
        var target = options.String("target", "service");
        var queue = options.String("queue", target == "baseline" ? "loadtest-echo" : "moderation-comments");
        var count = options.Int("count", 10_000);
        var rate = options.Double("rate", 0);
        var inFlight = options.Int("in-flight", 256);
        var transport = options.String("transport", "amqp");
        var runId = options.String("run-id", $"lt{DateTime.UtcNow:HHmmss}{Random.Shared.Next(100, 999)}");
        var sites = options.String("sites", "news,blog,forum").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var poisonEvery = options.Int("poison-every", 0);
        var burstAt = options.Double("burst-at", -1);
        var burstFor = options.Double("burst-for", 0);
        var burstFactor = options.Double("burst-factor", 10);
        var idleTimeout = TimeSpan.FromSeconds(options.Double("idle-timeout", 60));
        var settle = TimeSpan.FromSeconds(options.Double("settle", 3));
        var publishTimeout = TimeSpan.FromSeconds(options.Double("publish-timeout", 300));
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;
        var loadBefore = LoadAverage();

        MassTransit.IBusControl? echo = null;
        if (target == "baseline" && options.Flag("in-process-echo"))
        {
            echo = EchoService.Create(amqp, queue, options);
            await echo.StartAsync(ct);
        }

        var tracker = new Tracker(count);
        await using var listener = await DecisionListener.StartAsync(amqp, runId, tracker, ct);
        await using ISubmitter submitter = transport == "http"
            ? new HttpSubmitter(new Uri(options.Require("url")), options.Optional("api-key"))
            : await AmqpSubmitter.CreateAsync(amqp, queue, options.Int("channels", 4), ct);
        await using var memory = options.Optional("watch-pid") is { } pid ? new MemorySampler(int.Parse(pid, CultureInfo.InvariantCulture)) : null;

        // Messages are built before the clock starts, so generation never throttles publishing.
        var generator = new CommentGenerator(options.Int("seed", 42), runId, sites);
        var bodies = new byte[count][];
        var mix = new Dictionary<CommentMix, int>();
        for (var i = 0; i < count; i++)
        {
            var (comment, kind) = generator.Next(i);
            bodies[i] = CommentGenerator.Serialize(comment);
            mix[kind] = mix.GetValueOrDefault(kind) + 1;
        }

        Console.Error.WriteLine($"run {runId}: {count} comments to {target} via {transport} ({queue}), rate {(rate > 0 ? rate.ToString(CultureInfo.InvariantCulture) + "/s" : "max")}");
        long publishRetries = 0, poisonSent = 0;
        var gate = new SemaphoreSlim(inFlight);
        var pending = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        using var progress = new Timer(_ => Console.Error.WriteLine(
            $"  {Stopwatch.GetElapsedTime(start).TotalSeconds,6:F1}s decided {tracker.Decided}/{count}"), null, 2000, 2000);

        async Task SubmitAsync(byte[] body, string messageId, Action? onFirstAttempt)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(publishTimeout.TotalSeconds * Stopwatch.Frequency);
            try
            {
                while (true)
                {
                    onFirstAttempt?.Invoke();
                    onFirstAttempt = null;
                    try
                    {
                        await submitter.SubmitAsync(body, messageId, ct);
                        return;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException && Stopwatch.GetTimestamp() < deadline)
                    {
                        // Broker restarting, connection recovering, a nack: publish again. The same
                        // comment twice is harmless; the service decides it once.
                        Interlocked.Increment(ref publishRetries);
                        await Task.Delay(250, ct);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }

        var sendClock = 0.0; // seconds after start at which the next comment is due
        for (var i = 0; i < count && !ct.IsCancellationRequested; i++)
        {
            if (rate > 0)
            {
                var burst = burstAt >= 0 && sendClock >= burstAt && sendClock < burstAt + burstFor;
                sendClock += 1.0 / (burst ? rate * burstFactor : rate);
                var wait = sendClock - Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (wait > 0.002)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait), ct);
                }
            }

            await gate.WaitAsync(ct);
            var sequence = i;
            pending.Add(SubmitAsync(bodies[i], Guid.NewGuid().ToString(), () => tracker.Sent(sequence, Stopwatch.GetTimestamp())));
            bodies[i] = [];

            if (poisonEvery > 0 && i % poisonEvery == poisonEvery / 2)
            {
                await gate.WaitAsync(ct);
                var poison = Encoding.UTF8.GetBytes($"{{\"commentId\": \"{runId}-poison-{i}\", \"siteId\": \"{sites[0]}\", \"text\": ");
                pending.Add(SubmitAsync(poison, Guid.NewGuid().ToString(), null));
                poisonSent++;
            }

            if (pending.Count > 4096)
            {
                pending.RemoveAll(t => t.IsCompletedSuccessfully);
            }
        }

        await Task.WhenAll(pending);
        var publishedIn = Stopwatch.GetElapsedTime(start);
        Console.Error.WriteLine($"  published {count} in {publishedIn.TotalSeconds:F1}s ({count / publishedIn.TotalSeconds:F0}/s), {publishRetries} publish retries");

        // Wait for every decision, or until none has arrived for the idle timeout.
        var lastProgress = (Decided: tracker.Decided, At: Stopwatch.GetTimestamp());
        while (tracker.Decided < count && !ct.IsCancellationRequested)
        {
            await Task.Delay(100, ct);
            if (tracker.Decided != lastProgress.Decided)
            {
                lastProgress = (tracker.Decided, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(lastProgress.At) > idleTimeout)
            {
                Console.Error.WriteLine($"  no decision for {idleTimeout.TotalSeconds:F0}s; stopping the wait");
                break;
            }
        }

        // Late duplicates (a redelivery after a crash) would arrive now.
        await Task.Delay(settle, ct);
        var summary = tracker.Summarise(start);
        await progress.DisposeAsync();

        StoreCheck? store = options.Optional("postgres") is { } postgres ? await Checks.StoreAsync(postgres, runId, tracker, ct) : null;
        ErrorQueueCheck? errors = transport == "amqp" || options.Flag("check-error-queue")
            ? await Checks.ErrorQueueAsync(amqp, options.String("error-queue", queue + "_error"), runId, ct)
            : null;
        var memorySamples = memory?.Samples;
        if (echo is not null)
        {
            await echo.StopAsync(CancellationToken.None);
        }

        var loadAfter = LoadAverage();
        var report = new Report(
            RunId: runId,
            Label: options.String("label", target),
            Target: target,
            Transport: transport,
            Queue: queue,
            Count: count,
            TargetRate: rate,
            Mix: mix.ToDictionary(k => k.Key.ToString(), k => k.Value),
            PublishSeconds: Math.Round(publishedIn.TotalSeconds, 2),
            PublishRetries: publishRetries,
            PoisonSent: poisonSent,
            Decided: summary.Decided,
            Lost: summary.Missing,
            EventsReceived: summary.Events,
            RedeliveredIdentical: summary.RedeliveredIdentical,
            DecidedTwiceDifferently: summary.Conflicting,
            ForeignEvents: tracker.Foreign,
            ThroughputPerSecond: Math.Round(summary.ThroughputOverall, 0),
            SteadyThroughputPerSecond: Math.Round(summary.ThroughputSteady, 0),
            LatencyMs: summary.LatencyMs,
            Store: store,
            ErrorQueue: errors,
            RssMb: memorySamples is { Count: > 0 } s ? new RssSummary(s[0].RssMb, s.Max(x => x.RssMb), s[^1].RssMb, Thin(s)) : null,
            LoadAverage: $"{loadBefore} -> {loadAfter}",
            Machine: $"{Environment.ProcessorCount} cores");
        report.Print();
        var json = JsonSerializer.Serialize(report, ReportJson);
        if (options.Optional("json") is { } path)
        {
            await File.AppendAllTextAsync(path, json + Environment.NewLine, ct);
        }

        Console.WriteLine(json);
        var ok = report.Lost == 0 && report.DecidedTwiceDifferently == 0
            && (store is null || (store.Missing == 0 && store.Unpublished == 0 && store.DecisionIdMismatches == 0))
            && (errors is null || (errors.OursParked == poisonSent && errors.OursWithoutReason == 0));
        Console.WriteLine(ok ? "RESULT: every comment has exactly one decision" : "RESULT: FAILED (see counts above)");
        return ok ? 0 : 2;
    }

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web);

    private static List<long[]> Thin(IReadOnlyList<(double Seconds, long RssMb)> samples)
    {
        // About 40 points are enough to show a trend.
        var step = Math.Max(1, samples.Count / 40);
        return samples.Where((_, i) => i % step == 0 || i == samples.Count - 1).Select(s => new[] { (long)s.Seconds, s.RssMb }).ToList();
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

internal sealed record RssSummary(long First, long Peak, long Last, List<long[]> Samples);

internal sealed record Report(
    string RunId,
    string Label,
    string Target,
    string Transport,
    string Queue,
    int Count,
    double TargetRate,
    Dictionary<string, int> Mix,
    double PublishSeconds,
    long PublishRetries,
    long PoisonSent,
    int Decided,
    int Lost,
    long EventsReceived,
    int RedeliveredIdentical,
    int DecidedTwiceDifferently,
    long ForeignEvents,
    double ThroughputPerSecond,
    double SteadyThroughputPerSecond,
    LatencySummary LatencyMs,
    StoreCheck? Store,
    ErrorQueueCheck? ErrorQueue,
    RssSummary? RssMb,
    string LoadAverage,
    string Machine)
{
    public void Print()
    {
        var rows = new List<(string, string)>
        {
            ("run", $"{RunId} ({Label}: {Target} via {Transport}, queue {Queue})"),
            ("comments", $"{Count} at {(TargetRate > 0 ? TargetRate.ToString(CultureInfo.InvariantCulture) + "/s" : "max rate")}; mix {string.Join(", ", Mix.Select(m => $"{m.Key} {m.Value}"))}"),
            ("published in", $"{PublishSeconds:F1} s, {PublishRetries} publish retries, {PoisonSent} poison messages"),
            ("decided", $"{Decided}, lost {Lost}, decided twice differently {DecidedTwiceDifferently}"),
            ("events received", $"{EventsReceived} ({RedeliveredIdentical} comments had an identical event redelivered)"),
            ("throughput", $"{ThroughputPerSecond:F0}/s overall, {SteadyThroughputPerSecond:F0}/s steady (10-90 % of decisions)"),
            ("latency ms", $"p50 {LatencyMs.P50}  p95 {LatencyMs.P95}  p99 {LatencyMs.P99}  max {LatencyMs.Max}  mean {LatencyMs.Mean}"),
        };
        if (Store is not null)
        {
            rows.Add(("store", $"{Store.Rows} rows, missing {Store.Missing}, unpublished {Store.Unpublished} (event delivered, mark lost: {Store.Unmarked}), decision id ≠ event {Store.DecisionIdMismatches}"));
        }

        if (ErrorQueue is not null)
        {
            rows.Add(("error queue", $"{ErrorQueue.OursParked} of this run parked ({ErrorQueue.OursWithoutReason} without reason), {ErrorQueue.OthersLeft} others"));
            rows.AddRange(ErrorQueue.Reasons.Select(r => ("  reason", $"{r.Value} × {r.Key}")));
        }

        if (RssMb is not null)
        {
            rows.Add(("service RSS MB", $"first {RssMb.First}, peak {RssMb.Peak}, last {RssMb.Last}"));
        }

        rows.Add(("load average", $"{LoadAverage} ({Machine})"));
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"{name,-16} {value}");
        }
    }
}
