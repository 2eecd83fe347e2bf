using System.Diagnostics;

namespace Moderation.LoadTest;

/// <summary>
/// Per comment of the run: when it was first published, when its first decision event arrived,
/// how many events arrived and whether they all named the same decision. Indexed by sequence number.
/// </summary>
internal sealed class Tracker(int count)
{
    private readonly long[] _sentAt = new long[count];
    private readonly long[] _decidedAt = new long[count];
    private readonly int[] _events = new int[count];
    private readonly Guid[] _decisionIds = new Guid[count];
    private readonly Lock _gate = new();
    private int _decided;
    private int _conflicts;
    private long _foreign;
    private long _lastDecisionAt;

    public int Count => count;

    public int Decided => Volatile.Read(ref _decided);

    public int Conflicts => Volatile.Read(ref _conflicts);

    public long Foreign => Interlocked.Read(ref _foreign);

    public long LastDecisionAt => Interlocked.Read(ref _lastDecisionAt);

    public void Sent(int sequence, long timestamp) => Interlocked.CompareExchange(ref _sentAt[sequence], timestamp, 0);

    public void Decision(int sequence, Guid decisionId, long timestamp)
    {
        if ((uint)sequence >= (uint)count)
        {
            Interlocked.Increment(ref _foreign);
            return;
        }

        lock (_gate)
        {
            if (_events[sequence]++ == 0)
            {
                _decidedAt[sequence] = timestamp;
                _decisionIds[sequence] = decisionId;
                _decided++;
                _lastDecisionAt = timestamp;
            }
            else if (_decisionIds[sequence] != decisionId)
            {
                // A second, different decision for one comment: the failure the product must never show.
                _conflicts++;
            }
        }
    }

    public void NotOurs() => Interlocked.Increment(ref _foreign);

    public Guid DecisionIdOf(int sequence) => _decisionIds[sequence];

    public Summary Summarise(long firstSentAt)
    {
        lock (_gate)
        {
            var latencies = new List<double>(_decided);
            long events = 0;
            var redelivered = 0;
            var decidedTimes = new List<long>(_decided);
            for (var i = 0; i < count; i++)
            {
                events += _events[i];
                if (_events[i] > 1)
                {
                    redelivered++;
                }

                if (_events[i] > 0)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(_sentAt[i], _decidedAt[i]).TotalMilliseconds);
                    decidedTimes.Add(_decidedAt[i]);
                }
            }

            latencies.Sort();
            decidedTimes.Sort();
            double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;
            var overall = decidedTimes.Count > 0 ? decidedTimes.Count / Seconds(firstSentAt, decidedTimes[^1]) : 0;
            // Steady state: between the 10th and the 90th percentile of decisions, without start-up and tail.
            var steady = decidedTimes.Count >= 10
                ? (decidedTimes.Count * 0.8) / Seconds(decidedTimes[(int)(decidedTimes.Count * 0.1)], decidedTimes[(int)(decidedTimes.Count * 0.9) - 1])
                : overall;
            return new Summary(
                Decided: _decided,
                Missing: count - _decided,
                Events: events,
                RedeliveredIdentical: redelivered,
                Conflicting: _conflicts,
                ThroughputOverall: overall,
                ThroughputSteady: steady,
                LatencyMs: Percentiles(latencies));
        }
    }

    private static LatencySummary Percentiles(List<double> sorted)
    {
        if (sorted.Count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return new LatencySummary(Math.Round(At(0.50), 1), Math.Round(At(0.95), 1), Math.Round(At(0.99), 1), Math.Round(sorted[^1], 1), Math.Round(sorted.Average(), 1));
    }
}

internal sealed record LatencySummary(double P50, double P95, double P99, double Max, double Mean);

internal sealed record Summary(
    int Decided,
    int Missing,
    long Events,
    int RedeliveredIdentical,
    int Conflicting,
    double ThroughputOverall,
    double ThroughputSteady,
    LatencySummary LatencyMs);
