using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Moderation.IntegrationTests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Moderation.IntegrationTests.Deploy;

/// <summary>
/// deploy/rabbitmq/definitions.json imported into the real broker (in a fresh virtual host), then the
/// service started as the least-privileged service user with quorum queues, and a backend using the
/// publisher user: what the operator gets is what was tested.
/// </summary>
[Collection(RealServicesGroup.Name)]
public sealed class RabbitMqDefinitionsTests(RealServices services)
{
    private const string ServicePassword = "service-dev-only-change-me";
    private const string PublisherPassword = "publisher-dev-only-change-me";

    [Fact]
    public async Task Service_runs_on_the_defined_quorum_queue_as_its_own_user_and_the_publisher_user_may_only_publish_and_read_decisions()
    {
        services.Require();
        var rabbitmqctl = ExternalTool.Require("apt-get install rabbitmq-server", "rabbitmqctl", "/usr/sbin/rabbitmqctl");
        var ct = TestContext.Current.CancellationToken;
        var vhost = $"moderation-defs-{Guid.NewGuid():N}"[..24];
        await ImportAsync(rabbitmqctl, vhost);
        try
        {
            var broker = new Uri(services.RabbitMqUri);
            await using var host = new ConfiguredServiceHost(new Dictionary<string, string>
            {
                ["ConnectionStrings:RabbitMq"] = $"amqp://moderation-service:{ServicePassword}@{broker.Host}:{broker.Port}/{vhost}",
                ["ConnectionStrings:Postgres"] = await services.CreateSchemaAsync(),
                ["Moderation:Bus:QuorumQueues"] = "true",
                ["Moderation:Sites:test:PolicyVersion"] = "defs-1",
                ["Moderation:Sites:test:Terms:Banned:0"] = "cialis",
            });
            // A PRECONDITION_FAILED on the pre-declared quorum queue, or a refused permission, stops it here.
            await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

            var queues = await ExternalTool.RunAsync(rabbitmqctl, ["-q", "list_queues", "-p", vhost, "name", "type"]);
            Assert.Matches(@"(?m)^moderation-comments\s+quorum", queues.Stdout);
            Assert.Matches(@"(?m)^moderation-comments_error\s+quorum", queues.Stdout);

            var publisher = new ConnectionFactory { Uri = new Uri($"amqp://moderation-publisher:{PublisherPassword}@{broker.Host}:{broker.Port}/{vhost}") };
            await using var connection = await publisher.CreateConnectionAsync(ct);

            // May publish a comment and read the decision from its queue.
            await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
            {
                var commentId = $"defs-{Guid.NewGuid():N}";
                var comment = JsonSerializer.Serialize(new
                {
                    commentId, siteId = "test", threadId = "t-1", text = "cheap cialis here", author = new { id = "reader-1" },
                });
                await channel.BasicPublishAsync("moderation-comments", "", mandatory: false, new BasicProperties { ContentType = "application/json", Persistent = true }, Encoding.UTF8.GetBytes(comment), ct);

                var decision = await EventuallyAsync(async () =>
                {
                    while (await channel.BasicGetAsync("moderation-decisions-demo", autoAck: true, ct) is { } message)
                    {
                        var body = Encoding.UTF8.GetString(message.Body.Span);
                        if (body.Contains(commentId, StringComparison.Ordinal))
                        {
                            return (message.Exchange, body);
                        }
                    }

                    return default((string, string)?);
                });
                Assert.Equal("Moderation.Contracts:CommentRejected", decision.Item1);
                using var body = JsonDocument.Parse(decision.Item2);
                Assert.Equal("defs-1", body.RootElement.GetProperty("policyVersion").GetString());
            }

            // May not take comments off the service's queue, nor create queues outside its own names.
            await AssertRefusedAsync(connection, c => c.BasicGetAsync("moderation-comments", autoAck: false, ct));
            await AssertRefusedAsync(connection, c => c.QueueDeclareAsync("moderation-comments-copy", durable: false, exclusive: false, autoDelete: true, cancellationToken: ct));
            await AssertRefusedAsync(connection, c => c.QueueBindAsync("moderation-decisions-demo", "moderation-comments", "", cancellationToken: ct));
        }
        finally
        {
            await ExternalTool.RunAsync(rabbitmqctl, ["-q", "delete_vhost", vhost]);
        }
    }

    private static async Task ImportAsync(string rabbitmqctl, string vhost)
    {
        // The definitions name the vhost "moderation"; the test imports them into its own.
        var definitions = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("deploy", "rabbitmq", "definitions.json")))!.AsObject();
        foreach (var (_, value) in definitions)
        {
            if (value is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>().Where(i => i.ContainsKey("vhost")))
                {
                    item["vhost"] = vhost;
                }
            }
        }

        definitions["vhosts"] = new JsonArray(new JsonObject { ["name"] = vhost });
        // rabbitmqctl hands the path to the broker, which runs as the rabbitmq user: a world-readable temp file.
        var file = Path.Combine(Path.GetTempPath(), $"definitions-{vhost}.json");
        await File.WriteAllTextAsync(file, definitions.ToJsonString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        try
        {
            var result = await ExternalTool.RunAsync(rabbitmqctl, ["import_definitions", file]);
            Assert.True(result.ExitCode == 0, result.ToString());
            // The import is asynchronous: wait until the queues exist.
            await EventuallyAsync(async () =>
            {
                var queues = await ExternalTool.RunAsync(rabbitmqctl, ["-q", "list_queues", "-p", vhost, "name"]);
                return queues.ExitCode == 0 && queues.Stdout.Contains("moderation-decisions-demo", StringComparison.Ordinal) ? (true, "") : default((bool, string)?);
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertRefusedAsync(IConnection connection, Func<IChannel, Task> operation)
    {
        await using var channel = await connection.CreateChannelAsync();
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => operation(channel));
        Assert.Equal((ushort)403, refused.ShutdownReason?.ReplyCode);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Not within 30 s.");
            }

            await Task.Delay(100);
        }
    }
}
