using System.Diagnostics;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Options;
using Moderation.Core.Pipeline;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Moderation.Service.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>The service's own spans: one per decision, around the pipeline, the store and the publish.</summary>
    public static ActivitySource Source { get; } = new(ModerationMetrics.MeterName);

    /// <summary>
    /// OpenTelemetry traces and metrics: MassTransit's activity source and meter (so a trace follows a
    /// comment from the broker through the pipeline to the decision event), the pipeline's stages,
    /// ASP.NET Core, Npgsql and the runtime. Prometheus always; OTLP only when an endpoint is configured.
    /// </summary>
    public static WebApplicationBuilder AddModerationTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        builder.Services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        builder.Services.AddSingleton<ModerationMetrics>();

        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing
                    .SetSampler(SamplerFor(options, otlp))
                    .AddSource(DiagnosticHeaders.DefaultListenerName, ModerationMetrics.MeterName, PipelineTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsInfrastructure(http.Request.Path, options))
                    .AddNpgsql();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(InstrumentationOptions.MeterName, ModerationMetrics.MeterName, PipelineTelemetry.Name, "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation();
                if (!string.IsNullOrEmpty(options.MetricsPath))
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        _ = telemetry;
        return builder;
    }

    /// <summary>
    /// Without an exporter and without a configured ratio nothing is recorded, whatever the caller
    /// chose: the spans would go nowhere, and recording them cost about a tenth of the service's CPU
    /// per comment (docs/load-and-faults.md). Trace ids are still made, for the logs and the events.
    /// </summary>
    internal static Sampler SamplerFor(TelemetryOptions options, bool exporting)
    {
        if (options.TraceSampleRatio is null && !exporting)
        {
            return new AlwaysOffSampler();
        }

        return new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio ?? 1.0, 0, 1)));
    }

    /// <summary>The Prometheus scraping endpoint, unless <c>Moderation:Telemetry:MetricsPath</c> is empty.</summary>
    public static WebApplication MapModerationMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!string.IsNullOrEmpty(options.MetricsPath))
        {
            app.MapPrometheusScrapingEndpoint(options.MetricsPath);
        }

        return app;
    }

    // Probes and scrapes every few seconds would drown the traces that matter.
    private static bool IsInfrastructure(PathString path, TelemetryOptions options) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || (!string.IsNullOrEmpty(options.MetricsPath) && path.StartsWithSegments(options.MetricsPath, StringComparison.OrdinalIgnoreCase));

    private sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
    {
        public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
            options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
