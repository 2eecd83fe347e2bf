using System.Diagnostics;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Service.Telemetry;
using Moderation.Service.Tests.Support;
using OpenTelemetry.Trace;
using Serilog.Core;
using Serilog.Events;
using static Moderation.Service.Tests.Support.CommentBuilder;

namespace Moderation.Service.Tests.Telemetry;

/// <summary>Spans are recorded by default only where an exporter sends them somewhere.</summary>
[Collection(SpanRecordingHosts.Name)]
public sealed class SamplingTests
{
    [Theory]
    [InlineData(null, false, "AlwaysOffSampler")]
    [InlineData(null, true, "ParentBased{TraceIdRatioBasedSampler{1.000000}}")]
    [InlineData(0.25, false, "ParentBased{TraceIdRatioBasedSampler{0.250000}}")]
    [InlineData(0.0, true, "ParentBased{TraceIdRatioBasedSampler{0.000000}}")]
    public void The_sampler_follows_the_configured_ratio_or_else_whether_spans_are_exported(double? ratio, bool exporting, string expected)
    {
        var sampler = TelemetryRegistration.SamplerFor(new TelemetryOptions { TraceSampleRatio = ratio }, exporting);

        Assert.Equal(expected, sampler.Description);
    }

    [Fact]
    public async Task Without_an_exporter_no_span_is_recorded_and_the_decision_log_line_still_has_a_trace_id()
    {
        await using var factory = new UnconfiguredTracingFactory();
        _ = factory.CreateClient();
        var bus = factory.Services.GetRequiredService<IBus>();
        await using var decisions = await DecisionCollector.StartAsync(bus);
        var comment = Comment("buy followers, cheap");

        await bus.Publish(comment, TestContext.Current.CancellationToken);
        await decisions.WaitForAsync(comment.CommentId);

        // The line is written before the event is published.
        var logged = Assert.Single(factory.Logs.Events, e => e.MessageTemplate.Text.StartsWith("Decided ", StringComparison.Ordinal) && Equals(e.Properties["CommentId"], new ScalarValue(comment.CommentId)));
        var traceId = ((ScalarValue)logged.Properties["TraceId"]).Value?.ToString();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        // Other hosts in this test process record their own traces into every listener; none of this
        // comment's spans may be among them.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        lock (factory.Spans)
        {
            Assert.DoesNotContain(factory.Spans, a => a.TraceId.ToHexString() == traceId || Equals(a.GetTagItem("moderation.comment_id"), comment.CommentId));
        }
    }

    /// <summary>The service as shipped (no ratio, no OTLP endpoint), with a span collector that should stay empty.</summary>
    private sealed class UnconfiguredTracingFactory : ServiceFactory
    {
        public List<Activity> Spans { get; } = [];

        public LogCollector Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<ILogEventSink>(Logs);
                services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
            });
        }
    }
}
