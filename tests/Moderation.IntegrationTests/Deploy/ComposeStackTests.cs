using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Moderation.IntegrationTests.Support;
using Npgsql;
using RabbitMQ.Client;

namespace Moderation.IntegrationTests.Deploy;

/// <summary>
/// docker-compose.yml run for real, as a user runs it: the stack starts in health order, the sample
/// publisher's comment is decided, and comments published from the host are each decided exactly once
/// while RabbitMQ restarts, while the service is killed and started again, and with two replicas
/// sharing the queue. `docker compose down -v` then leaves nothing behind. Images come from the
/// environment (CI's stand-ins, .ci/containers.sh) or are the compose file's official defaults.
/// Needs a Docker engine with the compose plugin: without one these fail under CI and skip elsewhere.
/// CI runs them in a pass of their own (Category=Compose) and prints the figures they write to
/// MODERATION_TEST_COMPOSE_REPORT.
/// </summary>
[Trait("Category", "Compose")]
public sealed class ComposeStackTests
{
    private const int BatchSize = 150;
    private const string PublisherPassword = "publisher-dev-only-change-me";
    private const string PostgresPassword = "postgres-dev-only-change-me";

    private static readonly string[] DecisionExchanges =
        ["Moderation.Contracts:CommentApproved", "Moderation.Contracts:CommentRejected", "Moderation.Contracts:CommentHeldForReview"];

    private readonly string _project = $"moderation-e2e-{Guid.NewGuid().ToString("N")[..8]}";
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _report = [];

    // Any free host port (127.0.0.1 only): the Debian services CI also runs hold the default ones.
    private static readonly Dictionary<string, string> Ports = new()
    {
        ["MODERATION_RABBITMQ_PUBLISH"] = "127.0.0.1:",
        ["MODERATION_RABBITMQ_MANAGEMENT_PUBLISH"] = "127.0.0.1:",
        ["MODERATION_POSTGRES_PUBLISH"] = "127.0.0.1:",
        ["MODERATION_HTTP_PUBLISH"] = "127.0.0.1:",
    };

    [Fact]
    public async Task Compose_stack_decides_every_comment_exactly_once_through_restarts_and_two_replicas_then_leaves_nothing()
    {
        var docker = await RequireEngineAsync();
        var ct = TestContext.Current.CancellationToken;
        try
        {
            var started = DateTime.UtcNow;
            await ComposeAsync(docker, TimeSpan.FromMinutes(6), "up", "-d");
            var wait = await ComposeAsync(docker, TimeSpan.FromMinutes(3), "wait", "sample-publisher");
            Assert.EndsWith("exited with status code 0", (wait.Stdout + wait.Stderr).Trim(), StringComparison.Ordinal);
            Note($"stack up and the sample publisher done in {(DateTime.UtcNow - started).TotalSeconds:F0} s");

            // The sample publisher prints the decision of its one comment as a JSON line.
            var publisherLogs = (await ComposeAsync(docker, TimeSpan.FromMinutes(1), "logs", "--no-color", "--no-log-prefix", "sample-publisher")).Stdout;
            // (compose may put terminal control codes before a line: read from the JSON's first brace)
            var printed = publisherLogs.Split('\n')
                .Select(l => l.IndexOf("{\"commentId\":\"example-node-", StringComparison.Ordinal) is var at and >= 0 ? l[at..].Trim() : null)
                .LastOrDefault(l => l is not null);
            Assert.True(printed is not null, publisherLogs);
            using (var decision = JsonDocument.Parse(printed))
            {
                Assert.Contains(decision.RootElement.GetProperty("outcome").GetString(), (string[])["Approved", "Rejected", "HeldForReview"]);
                Assert.Equal("demo-1", decision.RootElement.GetProperty("policyVersion").GetString());
                Note($"sample publisher printed: {printed}");
            }

            // A restarted container gets a new host port: look it up for every connection.
            Func<Task<Uri>> rabbit = async () => new Uri($"amqp://moderation-publisher:{PublisherPassword}@{await PortAsync(docker, "rabbitmq", 5672)}/moderation");
            var postgres = $"Host={(await PortAsync(docker, "postgres", 5432)).Replace(":", ";Port=", StringComparison.Ordinal)};Database=moderation;Username=moderation;Password={PostgresPassword}";
            var decisionsQueue = $"moderation-decisions-e2e-{_run}";
            await DeclareDecisionQueueAsync(rabbit, decisionsQueue);
            var published = new List<string>();

            // 1. RabbitMQ restarted mid-batch: the publisher retries until each comment is confirmed.
            var batch = Ids("broker", BatchSize);
            await PublishAsync(rabbit, batch[..(BatchSize / 2)]);
            var restart = ComposeAsync(docker, TimeSpan.FromMinutes(3), "restart", "rabbitmq");
            await PublishAsync(rabbit, batch[(BatchSize / 2)..]);
            await restart;
            published.AddRange(batch);
            await AllDecidedAsync(postgres, published, TimeSpan.FromMinutes(3));
            Note($"{BatchSize} comments published while RabbitMQ restarted: all decided");

            // 2. The service killed mid-batch (no graceful stop) and started again.
            batch = Ids("service", BatchSize);
            await PublishAsync(rabbit, batch[..(BatchSize / 2)]);
            await ComposeAsync(docker, TimeSpan.FromMinutes(1), "kill", "moderation");
            await PublishAsync(rabbit, batch[(BatchSize / 2)..]);
            await ComposeAsync(docker, TimeSpan.FromMinutes(2), "start", "moderation");
            published.AddRange(batch);
            await AllDecidedAsync(postgres, published, TimeSpan.FromMinutes(3));
            Note($"{BatchSize} comments published while the service was killed and restarted: all decided");

            // 3. Two replicas share the comments queue; each comment is still decided once.
            await ComposeAsync(docker, TimeSpan.FromMinutes(3), "up", "-d", "--no-recreate", "--scale", "moderation=2", "--wait", "moderation");
            var replicas = (await ComposeAsync(docker, TimeSpan.FromMinutes(1), "ps", "-q", "moderation")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, replicas.Length);
            batch = Ids("replicas", BatchSize);
            await PublishAsync(rabbit, batch);
            published.AddRange(batch);
            await AllDecidedAsync(postgres, published, TimeSpan.FromMinutes(3));
            var perReplica = new List<int>();
            foreach (var replica in replicas)
            {
                var logs = await ExternalTool.RunAsync(docker, ["logs", replica]);
                perReplica.Add(batch.Count(id => logs.Stdout.Contains($"\"CommentId\":\"{id}\"", StringComparison.Ordinal)));
            }

            Assert.All(perReplica, n => Assert.True(n > 0, $"a replica decided none of the batch: {string.Join(" + ", perReplica)}"));
            Note($"{BatchSize} comments with two replicas: decided {string.Join(" + ", perReplica)} (logged by each replica)");

            // Every comment: one row in PostgreSQL, and decision events that all carry that row's decision id.
            var rows = await DecisionRowsAsync(postgres);
            var events = await DrainDecisionEventsAsync(rabbit, decisionsQueue, published, TimeSpan.FromMinutes(1));
            var lost = published.Count(id => !rows.ContainsKey(id));
            var decidedTwice = rows.Count(r => r.Value.Count > 1) + events.Count(e => e.Value.Distinct().Count() > 1);
            var eventCopies = events.Sum(e => e.Value.Count) - events.Count;
            Note($"published {published.Count}, decided {rows.Count}, decided twice {decidedTwice}, lost {lost}; " +
                $"decision events received for {events.Count} comments, {eventCopies} repeated copies of a same decision");
            Assert.Equal(0, lost);
            Assert.Equal(0, decidedTwice);
            Assert.Equal(published.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(published.Count, events.Count);
            Assert.All(events, e => Assert.Equal(rows[e.Key].Single(), e.Value.First()));
        }
        finally
        {
            await ComposeAsync(docker, TimeSpan.FromMinutes(3), "down", "-v", "--remove-orphans");
            var label = $"label=com.docker.compose.project={_project}";
            var left = new List<string>();
            foreach (var kind in (string[])["container ls -a", "network ls", "volume ls"])
            {
                var result = await ExternalTool.RunAsync(docker, [.. kind.Split(' '), "-q", "--filter", label]);
                left.AddRange(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(id => $"{kind}: {id}"));
            }

            Note($"after `docker compose down -v`: {left.Count} containers, networks or volumes left");
            await WriteReportAsync();
            Assert.Empty(left);
        }
    }

    private static async Task<string> RequireEngineAsync()
    {
        var docker = ExternalTool.Require("install Docker Engine with the compose plugin", "docker");
        var info = await ExternalTool.RunAsync(docker, ["compose", "version"], timeout: TimeSpan.FromSeconds(30));
        var engine = info.ExitCode == 0 ? await ExternalTool.RunAsync(docker, ["info", "--format", "{{.ServerVersion}}"], timeout: TimeSpan.FromSeconds(30)) : info;
        if (engine.ExitCode != 0)
        {
            var message = $"No Docker engine with the compose plugin answers (DOCKER_HOST={Environment.GetEnvironmentVariable("DOCKER_HOST")}): {engine.Stderr.Trim()}. .ci/containers.sh starts one.";
            if (RealServices.InCi)
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        return docker;
    }

    private async Task<ExternalTool.Result> ComposeAsync(string docker, TimeSpan timeout, params string[] arguments)
    {
        var result = await ExternalTool.RunAsync(docker, ["compose", "-p", _project, "-f", Repository.PathOf("docker-compose.yml"), .. arguments], environment: Ports, timeout: timeout);
        Assert.True(result.ExitCode == 0, $"docker compose {string.Join(' ', arguments)}: {result}");
        return result;
    }

    private async Task<string> PortAsync(string docker, string service, int port) =>
        (await ComposeAsync(docker, TimeSpan.FromSeconds(30), "port", service, port.ToString(CultureInfo.InvariantCulture))).Stdout.Trim();

    private List<string> Ids(string phase, int count) =>
        Enumerable.Range(0, count).Select(i => $"e2e-{_run}-{phase}-{i:D4}").ToList();

    private static async Task DeclareDecisionQueueAsync(Func<Task<Uri>> rabbit, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = await rabbit() }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // Durable, so decisions published while the broker restarts are kept for the count at the end.
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        foreach (var exchange in DecisionExchanges)
        {
            await channel.QueueBindAsync(queue, exchange, routingKey: "");
        }
    }

    /// <summary>Publishes each comment with publisher confirms, reconnecting and publishing again until the broker confirms it.</summary>
    private static async Task PublishAsync(Func<Task<Uri>> rabbit, IReadOnlyList<string> ids)
    {
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "comment-submitted.json")))!.AsObject();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        IConnection? connection = null;
        IChannel? channel = null;
        try
        {
            foreach (var id in ids)
            {
                var comment = template.DeepClone().AsObject();
                comment["commentId"] = id;
                comment["submittedAt"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                comment["text"] = $"Thanks for the clear write-up, number {id[^4..]}.";
                var body = Encoding.UTF8.GetBytes(comment.ToJsonString());
                while (true)
                {
                    try
                    {
                        if (channel is null)
                        {
                            connection = await new ConnectionFactory { Uri = await rabbit(), AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
                            channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
                        }

                        var properties = new BasicProperties { ContentType = "application/json", Persistent = true, MessageId = Guid.NewGuid().ToString() };
                        await channel.BasicPublishAsync("moderation-comments", routingKey: "", mandatory: false, properties, body);
                        break;
                    }
                    catch (Exception ex) when (DateTime.UtcNow < deadline && ex is not OutOfMemoryException)
                    {
                        // Not confirmed: the broker is going away or coming back. Publish the same comment again.
                        await DisposeAsync(connection, channel);
                        (connection, channel) = (null, null);
                        await Task.Delay(500);
                    }
                }
            }
        }
        finally
        {
            await DisposeAsync(connection, channel);
        }
    }

    private static async Task DisposeAsync(IConnection? connection, IChannel? channel)
    {
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A connection the broker already dropped: nothing left to close.
        }
    }

    private async Task AllDecidedAsync(string postgres, List<string> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var decided = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var rows = await DecisionRowsAsync(postgres);
                decided = ids.Count(rows.ContainsKey);
                if (decided == ids.Count)
                {
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // PostgreSQL is still there, but a connection may fail while the stack moves.
            }

            await Task.Delay(1000);
        }

        Assert.Fail($"{decided} of {ids.Count} comments decided within {timeout.TotalSeconds} s");
    }

    private async Task<Dictionary<string, List<string>>> DecisionRowsAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT comment_id, decision_id::text FROM decisions WHERE comment_id LIKE @prefix", connection);
        command.Parameters.AddWithValue("prefix", $"e2e-{_run}-%");
        var rows = new Dictionary<string, List<string>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            if (!rows.TryGetValue(id, out var decisions))
            {
                rows[id] = decisions = [];
            }

            decisions.Add(reader.GetString(1));
        }

        return rows;
    }

    /// <summary>Decision ids received per comment, one entry per event received (a repeated publish shows as a second entry).</summary>
    private static async Task<Dictionary<string, List<string>>> DrainDecisionEventsAsync(Func<Task<Uri>> rabbit, string queue, List<string> ids, TimeSpan timeout)
    {
        var events = new ConcurrentDictionary<string, List<string>>();
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        await using var connection = await new ConnectionFactory { Uri = await rabbit() }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        while (DateTime.UtcNow < deadline)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true) is not { } message)
            {
                if (wanted.All(events.ContainsKey))
                {
                    break;
                }

                await Task.Delay(500);
                continue;
            }

            using var decision = JsonDocument.Parse(message.Body);
            var id = decision.RootElement.GetProperty("commentId").GetString()!;
            if (wanted.Contains(id))
            {
                events.GetOrAdd(id, _ => []).Add(decision.RootElement.GetProperty("decisionId").GetString()!);
            }
        }

        return events.ToDictionary(e => e.Key, e => e.Value);
    }

    private void Note(string line)
    {
        _report.Add(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    private async Task WriteReportAsync()
    {
        if (Environment.GetEnvironmentVariable("MODERATION_TEST_COMPOSE_REPORT") is { Length: > 0 } path)
        {
            await File.AppendAllLinesAsync(path, _report);
        }
    }
}
