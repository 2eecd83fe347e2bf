using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Moderation.Core.Pipeline;

/// <summary>
/// Spans and a latency histogram for the pipeline's stages, on the BCL's own diagnostics types so
/// Core stays free of packages. Nothing is recorded unless a listener (OpenTelemetry in the service)
/// subscribes to <see cref="Name"/>; then a stage costs about a microsecond on top of its work.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The name of both the activity source and the meter.</summary>
    public const string Name = "Moderation.Pipeline";

    /// <summary>Bucket bounds in seconds: from 5 µs (a rule) to seconds (a stalled database).</summary>
    private static readonly double[] StageBuckets =
        [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary>
    /// Seconds spent per stage, tagged <c>stage</c>: the pipeline's own (validate, normalise, rules,
    /// classifiers, policy) and the host's around it (pipeline, store, publish).
    /// </summary>
    public static Histogram<double> StageDuration { get; } = Meter.CreateHistogram(
        "moderation.pipeline.stage.duration",
        unit: "s",
        description: "Time spent in one stage of deciding a comment.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StageBuckets });

    /// <summary>
    /// Starts timing a stage, and a span named <c>moderation.{stage}</c> inside a recorded trace (alone,
    /// or under an unrecorded parent, it would be an object per stage per comment that nobody sees);
    /// dispose to stop.
    /// </summary>
    public static StageScope Stage(string stage) =>
        new(stage, Activity.Current is { Recorded: true } ? Source.StartActivity("moderation." + stage) : null, Stopwatch.GetTimestamp());

    /// <summary>A running stage; records its duration once, when disposed.</summary>
    public readonly struct StageScope : IDisposable
    {
        private readonly string _stage;
        private readonly Activity? _activity;
        private readonly long _started;

        internal StageScope(string stage, Activity? activity, long started)
        {
            _stage = stage;
            _activity = activity;
            _started = started;
        }

        /// <summary>The stage's span, when one is being recorded.</summary>
        public Activity? Activity => _activity;

        public void Dispose()
        {
            if (_stage is null)
            {
                return;
            }

            if (StageDuration.Enabled)
            {
                StageDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, new KeyValuePair<string, object?>("stage", _stage));
            }

            _activity?.Dispose();
        }
    }
}
