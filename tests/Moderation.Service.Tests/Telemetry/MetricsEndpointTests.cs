using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.Service.Tests.Support;
using static Moderation.Service.Tests.Support.CommentBuilder;

namespace Moderation.Service.Tests.Telemetry;

public sealed class MetricsEndpointTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    [Fact]
    public async Task Prometheus_endpoint_shows_decisions_reasons_stage_latency_queue_lag_and_models_after_traffic()
    {
        var client = factory.CreateSiteClient();
        var ct = TestContext.Current.CancellationToken;
        foreach (var comment in new[] { "Good reporting.", "buy followers now", "you idiot" })
        {
            using var response = await client.PostAsJsonAsync("/api/v1/comments/check", Comment(comment), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A resubmission (answered from the store) and an invalid one (a site this service does not know).
        var again = Comment("Said twice.");
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/comments/check", again, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A key may name a site the configuration does not (yet) have: the pipeline then says UnknownSite.
        using var elsewhere = factory.CreateSiteClient("elsewhere");
        using (var unknown = await elsewhere.PostAsJsonAsync("/api/v1/comments/check", Comment("Hello.", siteId: "elsewhere"), ct))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        }

        var bus = factory.Services.GetRequiredService<IBus>();
        await using var decisions = await DecisionCollector.StartAsync(bus);
        var onBus = Comment("Sent over the bus.");
        await bus.Publish(onBus, ct);
        await decisions.WaitForAsync(onBus.CommentId);

        var text = await ScrapeUntilAsync(client, "channel=\"bus\"", ct);
        var metrics = new PrometheusText(text);

        // Counters by site and outcome, and reason codes.
        Assert.True(metrics.Sum("moderation_comments_decided_total", ("site", "test"), ("outcome", "Approved"), ("channel", "http")) >= 1, text);
        Assert.True(metrics.Sum("moderation_comments_decided_total", ("site", "test"), ("outcome", "Approved"), ("channel", "bus")) >= 1, text);
        Assert.True(metrics.Sum("moderation_comments_decided_total", ("site", "test"), ("outcome", "Rejected")) >= 1, text);
        Assert.True(metrics.Sum("moderation_comments_decided_total", ("site", "test"), ("outcome", "HeldForReview")) >= 1, text);
        Assert.True(metrics.Sum("moderation_decision_reasons_total", ("site", "test"), ("reason", "BannedTerm"), ("action", "Reject")) >= 1, text);
        Assert.True(metrics.Sum("moderation_decision_reasons_total", ("site", "test"), ("reason", "SuspectTerm"), ("action", "Hold")) >= 1, text);

        // Stage latency histograms: the pipeline's own stages and the host's around them, in
        // buckets fine enough for microsecond stages.
        foreach (var stage in new[] { "validate", "normalise", "rules", "classifiers", "policy", "pipeline", "store", "publish" })
        {
            Assert.True(metrics.Sum("moderation_pipeline_stage_duration_seconds_count", ("stage", stage)) >= 4, $"stage {stage}\n{text}");
            Assert.Single(metrics.Find("moderation_pipeline_stage_duration_seconds_bucket", ("stage", stage), ("le", "1E-05")));
            Assert.Single(metrics.Find("moderation_pipeline_stage_duration_seconds_sum", ("stage", stage)));
            Assert.Equal(
                metrics.Sum("moderation_pipeline_stage_duration_seconds_count", ("stage", stage)),
                metrics.Sum("moderation_pipeline_stage_duration_seconds_bucket", ("stage", stage), ("le", "+Inf")));
        }

        // Queue lag for the bus comment, and the models in use: the shipped default models, in shadow on the test site.
        Assert.True(metrics.Sum("moderation_queue_lag_seconds_count", ("site", "test"), ("basis", "sent")) >= 1, text);
        var spamModel = Assert.Single(metrics.Find("moderation_model_info", ("task", "spam"), ("shadow", "true")));
        Assert.StartsWith("spam-", spamModel.Labels["model_version"], StringComparison.Ordinal);

        Assert.True(metrics.Sum("moderation_comments_repeated_total", ("site", "test")) >= 1, text);
        Assert.True(metrics.Sum("moderation_comments_invalid_total", ("code", "UnknownSite")) >= 1, text);
        Assert.DoesNotContain("elsewhere", text); // an unknown site id is unbounded input, never a label

        // Every series the Grafana dashboard queries exists (MassTransit's: see below).
        var dashboard = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "grafana", "moderation-dashboard.json"), ct);
        var queried = Regex.Matches(dashboard, @"\b(moderation_[a-z_]+|http_server_[a-z_]+|target_info)\b").Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(metrics.Samples, s => s.Name == name));

        // The runtime's meter. MassTransit's meter is process-wide and bound to the first host that
        // starts, so with many test hosts in one process it is checked by the smoke test instead,
        // against the published service on the real broker.
        Assert.Contains(metrics.Samples, s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal));

        // Nothing personal or unbounded becomes a label.
        Assert.DoesNotContain(onBus.CommentId, text);
        Assert.DoesNotContain("author-1", text);
        Assert.DoesNotContain("followers", text);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "Moderation.sln")))
        {
            dir = dir.Parent ?? throw new InvalidOperationException("No Moderation.sln above the test binaries.");
        }

        return dir.FullName;
    }

    private static async Task<string> ScrapeUntilAsync(HttpClient client, string expected, CancellationToken ct)
    {
        // The exporter caches a scrape for a moment; the bus decision may land just after one.
        var text = "";
        for (var i = 0; i < 50 && !text.Contains(expected, StringComparison.Ordinal); i++)
        {
            using var response = await client.GetAsync("/metrics", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync(ct);
            if (!text.Contains(expected, StringComparison.Ordinal))
            {
                await Task.Delay(100, ct);
            }
        }

        return text;
    }
}
