namespace Moderation.Service.Telemetry;

/// <summary>
/// Metrics and traces. Prometheus scrapes <see cref="MetricsPath"/>; OTLP export of traces and
/// metrics starts only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or
/// configuration key of that name), with the other standard <c>OTEL_*</c> variables honoured.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Moderation:Telemetry";

    /// <summary>The <c>service.name</c> resource attribute; <c>OTEL_SERVICE_NAME</c> overrides it.</summary>
    public string ServiceName { get; set; } = "moderation";

    /// <summary>Where Prometheus scrapes; empty turns the endpoint off.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Share of new traces recorded, 0 to 1; a trace started upstream (a traced publisher) keeps
    /// its caller's choice. Unset: every trace when an OTLP endpoint is configured, none otherwise
    /// (nothing would read them; trace ids are still made and passed on, so log lines keep theirs).
    /// Metrics count every comment whatever this says.
    /// </summary>
    public double? TraceSampleRatio { get; set; }

    internal string? Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            return $"{Section}:ServiceName must not be empty.";
        }

        if (!string.IsNullOrEmpty(MetricsPath) && !MetricsPath.StartsWith('/'))
        {
            return $"{Section}:MetricsPath must start with '/' or be empty (was '{MetricsPath}').";
        }

        return TraceSampleRatio is < 0 or > 1 or double.NaN
            ? $"{Section}:TraceSampleRatio must be between 0 and 1 (was {TraceSampleRatio})."
            : null;
    }
}
