using System.Diagnostics;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.Service.Tests.Support;
using OpenTelemetry.Trace;
using Serilog.Core;
using Serilog.Events;
using static Moderation.Service.Tests.Support.CommentBuilder;

namespace Moderation.Service.Tests.Telemetry;

[Collection(SpanRecordingHosts.Name)]
public sealed class TracingTests(TracingTests.TracedServiceFactory factory) : IClassFixture<TracingTests.TracedServiceFactory>
{
    [Fact]
    public async Task One_trace_follows_a_comment_from_consume_through_the_pipeline_to_the_decision_publish()
    {
        _ = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var bus = factory.Services.GetRequiredService<IBus>();
        await using var decisions = await DecisionCollector.StartAsync(bus);
        var comment = Comment("buy followers, cheap");

        await bus.Publish(comment, ct);
        await decisions.WaitForAsync(comment.CommentId);

        var decide = await factory.WaitForSpanAsync(a => a.OperationName == "moderation.decide" && (string?)a.GetTagItem("moderation.comment_id") == comment.CommentId);
        // MassTransit's spans end after the consumer returns, so they are exported after ours.
        await factory.WaitForSpanAsync(a => a.TraceId == decide.TraceId && a.DisplayName == "moderation-comments receive");
        var trace = factory.SpansOf(decide.TraceId);

        // The comment's own publish starts the trace; MassTransit's receive and consume spans on the
        // comments queue follow it and are the decision's ancestors.
        var spans = string.Join("\n", trace.Select(a => $"{a.Source.Name} {a.Kind} '{a.DisplayName}' {a.SpanId} <- {a.ParentSpanId}"));
        var sent = trace.SingleOrDefault(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer && a.DisplayName.Contains("CommentSubmitted", StringComparison.Ordinal));
        var receive = trace.SingleOrDefault(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer && a.DisplayName == "moderation-comments receive");
        var consume = trace.SingleOrDefault(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer && a.DisplayName == "moderation-comments process");
        Assert.True(sent is not null && receive is not null && consume is not null, spans);
        Assert.True(IsAncestor(sent, receive, trace) && IsAncestor(receive, consume, trace) && IsAncestor(consume, decide, trace), spans);

        // pipeline: every stage a child span of the decision.
        foreach (var stage in new[] { "pipeline", "validate", "normalise", "rules", "classifiers", "policy", "store", "publish" })
        {
            var span = Assert.Single(trace, a => a.OperationName == "moderation." + stage);
            Assert.True(IsAncestor(decide, span, trace), $"moderation.{stage} is not inside moderation.decide");
        }

        // publish: MassTransit's producer span for the rejection, inside the same trace.
        var publish = Assert.Single(trace, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer && a.DisplayName.Contains("CommentRejected", StringComparison.Ordinal));
        Assert.True(IsAncestor(decide, publish, trace), "the decision's publish span is not inside moderation.decide");
        Assert.Equal("Rejected", decide.GetTagItem("moderation.outcome"));
        Assert.Equal(sent.TraceId, publish.TraceId);

        // logs: the decision's log line carries the same trace id.
        var logged = Assert.Single(factory.Logs.Events, e => e.MessageTemplate.Text.StartsWith("Decided ", StringComparison.Ordinal) && Equals(e.Properties["CommentId"], new ScalarValue(comment.CommentId)));
        Assert.Equal(decide.TraceId.ToHexString(), ((ScalarValue)logged.Properties["TraceId"]).Value);
        Assert.Equal(decide.TraceId, logged.TraceId);
    }

    [Fact]
    public async Task An_http_check_is_one_trace_from_the_request_to_the_decision_publish()
    {
        var client = factory.CreateSiteClient();
        var comment = Comment("A fair point, well made.");

        using var response = await client.PostAsJsonAsync("/api/v1/comments/check", comment, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        var decide = await factory.WaitForSpanAsync(a => a.OperationName == "moderation.decide" && (string?)a.GetTagItem("moderation.comment_id") == comment.CommentId);
        // The server span ends after the response is written, so it may be exported a moment later.
        await factory.WaitForSpanAsync(a => a.TraceId == decide.TraceId && a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server);
        var trace = factory.SpansOf(decide.TraceId);
        Assert.Contains(trace, a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server && IsAncestor(a, decide, trace));
        Assert.Contains(trace, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer && a.DisplayName.Contains("CommentApproved", StringComparison.Ordinal) && IsAncestor(decide, a, trace));
    }

    private static bool IsAncestor(Activity ancestor, Activity span, IReadOnlyList<Activity> trace)
    {
        var byId = trace.ToDictionary(a => a.SpanId);
        for (var parent = span.ParentSpanId; parent != default && byId.TryGetValue(parent, out var next); parent = next.ParentSpanId)
        {
            if (next.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The service with every finished span kept in memory and every log event collected.</summary>
    public sealed class TracedServiceFactory : ServiceFactory
    {
        private readonly List<Activity> _spans = [];

        public LogCollector Logs { get; } = new();

        public IReadOnlyList<Activity> SpansOf(ActivityTraceId traceId)
        {
            lock (_spans)
            {
                return _spans.Where(a => a.TraceId == traceId).ToList();
            }
        }

        public async Task<Activity> WaitForSpanAsync(Func<Activity, bool> predicate)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                lock (_spans)
                {
                    if (_spans.FirstOrDefault(predicate) is { } found)
                    {
                        return found;
                    }
                }

                await Task.Delay(20);
            }

            throw new TimeoutException("The expected span was not exported.");
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // No OTLP endpoint here, so by default nothing would be recorded: the in-memory exporter
            // is the reader. A host setting, because the telemetry is configured while the app is built.
            builder.UseSetting("Moderation:Telemetry:TraceSampleRatio", "1");
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<ILogEventSink>(Logs);
                services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(new LockedList(_spans)));
            });
        }

        /// <summary>The in-memory exporter appends from many threads; the list it is given must cope.</summary>
        private sealed class LockedList(List<Activity> inner) : ICollection<Activity>
        {
            public int Count { get { lock (inner) { return inner.Count; } } }

            public bool IsReadOnly => false;

            public void Add(Activity item) { lock (inner) { inner.Add(item); } }

            public void Clear() { lock (inner) { inner.Clear(); } }

            public bool Contains(Activity item) { lock (inner) { return inner.Contains(item); } }

            public void CopyTo(Activity[] array, int arrayIndex) { lock (inner) { inner.CopyTo(array, arrayIndex); } }

            public bool Remove(Activity item) { lock (inner) { return inner.Remove(item); } }

            public IEnumerator<Activity> GetEnumerator() { lock (inner) { return inner.ToList().GetEnumerator(); } }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
