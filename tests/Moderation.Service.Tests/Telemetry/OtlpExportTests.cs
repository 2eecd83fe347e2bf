using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moderation.Service.Tests.Support;
using static Moderation.Service.Tests.Support.CommentBuilder;

namespace Moderation.Service.Tests.Telemetry;

/// <summary>OTLP export switches on with the standard OTEL_EXPORTER_OTLP_ENDPOINT and sends traces and metrics there.</summary>
[Collection(SpanRecordingHosts.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Exports_traces_and_metrics_over_OTLP_when_an_endpoint_is_configured()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await FakeCollector.StartAsync();
        await using var factory = new OtlpServiceFactory(collector.Url);
        var client = factory.CreateSiteClient();

        using var response = await client.PostAsJsonAsync("/api/v1/comments/check", Comment("Exported, I hope."), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(collector.Received.Contains("/v1/traces") && collector.Received.Contains("/v1/metrics")))
        {
            await Task.Delay(100, ct);
        }

        Assert.Contains("/v1/traces", collector.Received);
        Assert.Contains("/v1/metrics", collector.Received);
    }

    private sealed class OtlpServiceFactory(string endpoint) : ServiceFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // UseSetting reaches the configuration Program reads while it builds; the SDK reads the same keys.
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            builder.UseSetting("OTEL_BSP_SCHEDULE_DELAY", "200");
            builder.UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "500");
        }
    }

    /// <summary>An OTLP/HTTP receiver that only notes which signal paths were posted to.</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeCollector(WebApplication app) => _app = app;

        public ConcurrentBag<string> Received { get; } = [];

        public string Url { get; private set; } = "";

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                if (body.Length > 0)
                {
                    collector.Received.Add($"/v1/{signal}");
                }

                return Results.Ok();
            });
            await app.StartAsync();
            collector.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
