using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Moderation.IntegrationTests.Support;
using RabbitMQ.Client;

namespace Moderation.IntegrationTests.Smoke;

/// <summary>
/// The self-contained publish output (what ships), run as its own process against the real broker and
/// database: ready, an HTTP check, a comment over the bus, metrics, its own health-check verb, and a
/// clean stop on SIGTERM. .ci/run publishes it and names the folder in MODERATION_PUBLISHED_SERVICE.
/// </summary>
[Collection(RealServicesGroup.Name)]
public sealed class PublishedServiceSmokeTests(RealServices services)
{
    [Fact]
    public async Task Published_service_starts_decides_over_http_and_bus_reports_metrics_and_stops_cleanly_on_SIGTERM()
    {
        services.Require();
        var folder = Environment.GetEnvironmentVariable("MODERATION_PUBLISHED_SERVICE");
        if (string.IsNullOrEmpty(folder) || !File.Exists(Path.Combine(folder, "Moderation.Service")))
        {
            ExternalTool.Require(
                "publish it with `dotnet publish src/Moderation.Service -c Release -r linux-x64 --self-contained -o DIR` and set MODERATION_PUBLISHED_SERVICE=DIR",
                Path.Combine(folder ?? "/nonexistent", "Moderation.Service"));
        }

        var ct = TestContext.Current.CancellationToken;
        var port = FreePort();
        var queue = $"moderation-comments-smoke-{Guid.NewGuid():N}"[..34];
        var start = new ProcessStartInfo(Path.Combine(folder!, "Moderation.Service"))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Its own queue, so the in-process test hosts on the same vhost do not compete for its comments.
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__RabbitMq"] = services.RabbitMqUri;
        start.Environment["ConnectionStrings__Postgres"] = await services.CreateSchemaAsync();
        start.Environment["Moderation__Bus__CommentsQueue"] = queue;
        start.Environment["Moderation__Logging__PlainText"] = "false";
        start.Environment["Moderation__Sites__smoke__PolicyVersion"] = "smoke-1";
        start.Environment["Moderation__Sites__smoke__Terms__Banned__0"] = "cialis";

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        var started = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await WaitReadyAsync(http, process, output);
            TestContext.Current.SendDiagnosticMessage($"published service ready after {started.ElapsedMilliseconds} ms");

            // A website backend's API key, created the way an operator does: the service's own verb.
            var keys = await ExternalTool.RunAsync(
                Path.Combine(folder!, "Moderation.Service"), ["keys", "add", "--site", "smoke", "--name", "smoke test"], folder,
                start.Environment.Where(e => e.Key.StartsWith("Moderation__", StringComparison.Ordinal) || e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || e.Key == "DOTNET_ENVIRONMENT")
                    .ToDictionary(e => e.Key, e => e.Value ?? ""));
            Assert.True(keys.ExitCode == 0, keys.ToString());
            var lines = keys.Stdout.Split('\n', StringSplitOptions.TrimEntries);
            http.DefaultRequestHeaders.Add("X-Api-Key", lines[Array.FindIndex(lines, l => l.Contains("send it as X-Api-Key", StringComparison.Ordinal)) + 1]);

            // HTTP check.
            var httpId = $"smoke-http-{Guid.NewGuid():N}";
            using var check = await http.PostAsJsonAsync("/api/v1/comments/check", new
            {
                commentId = httpId, siteId = "smoke", threadId = "t-1", text = "cheap cialis, very cheap", author = new { id = "reader-1" },
            }, ct);
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
            using (var answer = JsonDocument.Parse(await check.Content.ReadAsStringAsync(ct)))
            {
                Assert.Equal("Rejected", answer.RootElement.GetProperty("outcome").GetString());
                Assert.Equal("smoke-1", answer.RootElement.GetProperty("decision").GetProperty("policyVersion").GetString());
            }

            // A comment over the bus, as plain JSON, and its decision event.
            var busId = $"smoke-bus-{Guid.NewGuid():N}";
            var decision = await RoundTripAsync(queue, busId, ct);
            Assert.Equal("Moderation.Contracts:CommentApproved", decision);

            // Its own health-check verb, as the container's HEALTHCHECK runs it.
            var probe = await ExternalTool.RunAsync(Path.Combine(folder!, "Moderation.Service"), ["healthcheck", $"http://127.0.0.1:{port}/health/live"], folder);
            Assert.True(probe.ExitCode == 0, probe.ToString());

            // Metrics: the service's own and MassTransit's, on the real broker.
            // The consume counter moves when the consumer returns, just after the decision is out,
            // and the exporter caches a scrape briefly: poll.
            var metrics = "";
            for (var i = 0; i < 40 && !metrics.Contains("messaging_masstransit_consume_ea_total{", StringComparison.Ordinal); i++)
            {
                await Task.Delay(i == 0 ? 0 : 250, ct);
                metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);
            }

            Assert.Contains("moderation_comments_decided_total{", metrics);
            Assert.Contains("channel=\"bus\"", metrics);
            Assert.Contains("moderation_pipeline_stage_duration_seconds_bucket{", metrics);
            Assert.True(
                metrics.Contains("messaging_masstransit_consume_ea_total{", StringComparison.Ordinal),
                string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("messaging_masstransit", StringComparison.Ordinal) && !l.Contains("_bucket", StringComparison.Ordinal))));

            // A clean stop on SIGTERM (what Kubernetes and Docker send), with in-flight work finished.
            var kill = await ExternalTool.RunAsync(ExternalTool.Find("kill") ?? "/bin/kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.True(kill.ExitCode == 0, kill.ToString());
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await process.WaitForExitAsync(stopped.Token);
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}");

            // Logs are JSON, carry trace ids, and never the comment text.
            var log = output.ToString();
            var decided = log.Split('\n').Single(l => l.Contains("\"Decided ", StringComparison.Ordinal) && l.Contains(busId, StringComparison.Ordinal));
            using (var line = JsonDocument.Parse(decided))
            {
                Assert.Matches("^[0-9a-f]{32}$", line.RootElement.GetProperty("TraceId").GetString());
                Assert.Equal(line.RootElement.GetProperty("TraceId").GetString(), line.RootElement.GetProperty("@tr").GetString());
            }

            Assert.DoesNotContain("cialis", log);
            Assert.Contains("Application is shutting down", log);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private async Task<string> RoundTripAsync(string queue, string commentId, CancellationToken ct)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(services.RabbitMqUri) }.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var decisions = (await channel.QueueDeclareAsync($"smoke-decisions-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true, cancellationToken: ct)).QueueName;
        foreach (var exchange in new[] { "Moderation.Contracts:CommentApproved", "Moderation.Contracts:CommentRejected", "Moderation.Contracts:CommentHeldForReview" })
        {
            await channel.QueueBindAsync(decisions, exchange, "", cancellationToken: ct);
        }

        var json = JsonSerializer.Serialize(new { commentId, siteId = "smoke", threadId = "t-1", text = "A measured reply.", author = new { id = "reader-2" }, submittedAt = DateTimeOffset.UtcNow });
        await channel.BasicPublishAsync(queue, "", mandatory: false, new BasicProperties { ContentType = "application/json", Persistent = true }, Encoding.UTF8.GetBytes(json), ct);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            while (await channel.BasicGetAsync(decisions, autoAck: true, ct) is { } message)
            {
                if (Encoding.UTF8.GetString(message.Body.Span).Contains(commentId, StringComparison.Ordinal))
                {
                    return message.Exchange;
                }
            }

            await Task.Delay(50, ct);
        }

        throw new TimeoutException($"No decision for {commentId} from the published service.");
    }

    private static async Task WaitReadyAsync(HttpClient http, Process process, StringBuilder output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"The published service exited with {(process.HasExited ? process.ExitCode : 0)}:\n{output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        Assert.Fail($"The published service did not become ready in 90 s:\n{output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
