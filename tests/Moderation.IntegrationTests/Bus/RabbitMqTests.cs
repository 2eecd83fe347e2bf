using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.IntegrationTests.Support;
using Npgsql;
using RabbitMQ.Client;

namespace Moderation.IntegrationTests.Bus;

[Collection(RealServicesGroup.Name)]
public sealed class RabbitMqTests(RealServices services, RealServiceHost host)
{
    private static readonly string[] DecisionExchanges =
        ["Moderation.Contracts:CommentApproved", "Moderation.Contracts:CommentRejected", "Moderation.Contracts:CommentHeldForReview"];

    [Fact]
    public async Task A_dotnet_backend_publishes_CommentSubmitted_and_receives_the_decision_event()
    {
        services.Require();
        _ = host.Services; // start the service
        var decisions = new ConcurrentQueue<CommentRejected>();
        var backend = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(services.RabbitMqUri));
            cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders, isDefault: true);
            cfg.UseRawJsonDeserializer(RawSerializerOptions.AddTransportHeaders, isDefault: true);
            cfg.ReceiveEndpoint($"backend-decisions-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<CommentRejected>(c =>
                {
                    decisions.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await backend.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var comment = Comment("Order c.i.a.l.i.s now, cialis for everyone");

            await backend.Publish(comment, TestContext.Current.CancellationToken);

            var decision = await Eventually(() => decisions.FirstOrDefault(d => d.CommentId == comment.CommentId));
            Assert.Contains(decision.Reasons, r => r.Code == ReasonCodes.BannedTerm && r.Evidence.Any(e => e.Text == "cialis"));
            Assert.Equal("it-1", decision.PolicyVersion);
        }
        finally
        {
            await backend.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_backend_in_any_language_publishes_plain_json_and_reads_a_plain_json_decision()
    {
        services.Require();
        _ = host.Services;
        await using var connection = await new ConnectionFactory { Uri = new Uri(services.RabbitMqUri) }.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var decisionsQueue = await BindDecisionQueueAsync(channel);
        // The README's example message, as a backend in any language would send it.
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "comment-submitted.json"), TestContext.Current.CancellationToken);
        var commentId = $"plain-{Guid.NewGuid():N}";
        json = json.Replace("c-20261128-0042", commentId, StringComparison.Ordinal).Replace("\"demo\"", "\"test\"", StringComparison.Ordinal);

        await PublishRawAsync(channel, json);

        var (exchange, body, messageId) = await Eventually(async () => await GetAsync(channel, decisionsQueue, commentId));
        Assert.Equal("Moderation.Contracts:CommentRejected", exchange);
        using var decision = JsonDocument.Parse(body);
        var reason = decision.RootElement.GetProperty("reasons").EnumerateArray().First(r => r.GetProperty("code").GetString() == "BannedTerm");
        Assert.Equal("Reject", reason.GetProperty("action").GetString());
        Assert.Equal("c1al1s", reason.GetProperty("evidence")[0].GetProperty("text").GetString());
        Assert.Equal("politics", decision.RootElement.GetProperty("metadata").GetProperty("section").GetString());
        Assert.Equal(decision.RootElement.GetProperty("decisionId").GetString(), messageId);
    }

    [Fact]
    public async Task Plain_json_without_a_broker_timestamp_gets_its_queue_lag_from_submittedAt()
    {
        services.Require();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var lags = new ConcurrentQueue<(double Seconds, string? Basis)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "moderation.queue.lag")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "basis")
                {
                    lags.Enqueue((value, tag.Value as string));
                }
            }
        });
        listener.Start();
        await using var connection = await new ConnectionFactory { Uri = new Uri(services.RabbitMqUri) }.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var decisionsQueue = await BindDecisionQueueAsync(channel);
        var marker = Guid.NewGuid().ToString("N");
        const int count = 20;

        // As a backend in another language sends them: no AMQP timestamp, submitted a minute ago.
        for (var i = 0; i < count; i++)
        {
            await PublishRawAsync(channel, JsonSerializer.Serialize(Comment("A civil remark.", $"lag-{marker}-{i}") with { SubmittedAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, Web));
        }

        var decided = new HashSet<string>();
        await Eventually(async () =>
        {
            while (await channel.BasicGetAsync(decisionsQueue, autoAck: true) is { } message)
            {
                using var decision = JsonDocument.Parse(message.Body);
                if (decision.RootElement.GetProperty("commentId").GetString() is { } id && id.StartsWith($"lag-{marker}-", StringComparison.Ordinal))
                {
                    decided.Add(id);
                }
            }

            return decided.Count == count ? decided : null;
        });

        // Before the fix about half of such messages were timed from a send time of year 9999.
        var recorded = lags.ToArray();
        Assert.True(recorded.Count(l => l.Basis == "submitted" && l.Seconds is >= 55 and < 600) >= count, string.Join("; ", recorded));
        Assert.All(recorded, l => Assert.InRange(l.Seconds, 0, 3600));
    }

    [Fact]
    public async Task Malformed_json_is_parked_in_the_error_queue_with_a_reason_and_the_consumer_keeps_going()
    {
        services.Require();
        _ = host.Services;
        await using var connection = await new ConnectionFactory { Uri = new Uri(services.RabbitMqUri) }.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var decisionsQueue = await BindDecisionQueueAsync(channel);
        var marker = Guid.NewGuid().ToString("N");

        await PublishRawAsync(channel, "{\"commentId\": \"broken-" + marker + "\", \"text\": ");
        await PublishRawAsync(channel, "{\"commentId\": \"nofields-" + marker + "\", \"siteId\": \"test\"}");
        var good = $"good-{marker}";
        await PublishRawAsync(channel, JsonSerializer.Serialize(Comment("A civil remark.", good), Web));

        var (exchange, _, _) = await Eventually(async () => await GetAsync(channel, decisionsQueue, good));
        Assert.Equal("Moderation.Contracts:CommentApproved", exchange);
        // Drained messages are acknowledged, so collect them across attempts.
        var parked = new List<(string Body, string Reason)>();
        await Eventually(async () =>
        {
            parked.AddRange(await DrainAsync(connection, "moderation-comments_error", marker));
            return parked.Count >= 2 ? parked : null;
        });
        Assert.Contains(parked, p => p.Body.Contains("broken-" + marker, StringComparison.Ordinal) && p.Reason.Length > 0);
        var missing = parked.Single(p => p.Body.Contains("nofields-" + marker, StringComparison.Ordinal));
        Assert.Contains("missing required properties", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decisions_made_on_the_bus_are_stored_in_PostgreSQL()
    {
        services.Require();
        var bus = host.Services.GetRequiredService<IBus>();
        var comment = Comment("Thanks for the thorough reporting.");

        await bus.Publish(comment, TestContext.Current.CancellationToken);

        var outcome = await Eventually(async () =>
        {
            await using var db = new NpgsqlConnection(host.Postgres);
            await db.OpenAsync();
            await using var query = new NpgsqlCommand(
                "SELECT d.outcome FROM decisions AS d JOIN decisions_published AS p USING (site_id, comment_id, revision) WHERE d.site_id = 'test' AND d.comment_id = @id",
                db);
            query.Parameters.AddWithValue("id", comment.CommentId);
            return await query.ExecuteScalarAsync() as string;
        });
        Assert.Equal("Approved", outcome);
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Received(string Exchange, string Body, string? MessageId);

    private static CommentSubmitted Comment(string text, string? id = null) => new()
    {
        CommentId = id ?? $"it-{Guid.NewGuid():N}",
        SiteId = "test",
        ThreadId = "article-9",
        Text = text,
        Author = new CommentAuthor { Id = "reader-9" },
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<string> BindDecisionQueueAsync(IChannel channel)
    {
        var queue = (await channel.QueueDeclareAsync($"plain-decisions-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in DecisionExchanges)
        {
            // The service declares these on first publish; declaring them the same way is harmless.
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            await channel.QueueBindAsync(queue, exchange, routingKey: "");
        }

        return queue;
    }

    private static async Task PublishRawAsync(IChannel channel, string json)
    {
        var properties = new BasicProperties { ContentType = "application/json", Persistent = true, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync("moderation-comments", routingKey: "", mandatory: false, properties, Encoding.UTF8.GetBytes(json));
    }

    private static async Task<Received?> GetAsync(IChannel channel, string queue, string commentId)
    {
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            var body = Encoding.UTF8.GetString(message.Body.Span);
            if (body.Contains(commentId, StringComparison.Ordinal))
            {
                return new Received(message.Exchange, body, message.BasicProperties.MessageId);
            }
        }

        return null;
    }

    private static async Task<List<(string Body, string Reason)>> DrainAsync(IConnection connection, string queue, string marker)
    {
        var found = new List<(string Body, string Reason)>();
        // A channel of its own: asking for a queue that does not exist yet closes the channel.
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            // Other hosts on this vhost park their own messages here too: look past them (held
            // unacknowledged until the end, then returned) instead of stopping at the first one.
            var foreign = new List<ulong>();
            while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
            {
                var body = Encoding.UTF8.GetString(message.Body.Span);
                if (body.Contains(marker, StringComparison.Ordinal))
                {
                    var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
                    var reason = headers.TryGetValue("MT-Fault-Message", out var value) && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "";
                    found.Add((body, reason));
                    await channel.BasicAckAsync(message.DeliveryTag, multiple: false);
                }
                else
                {
                    foreign.Add(message.DeliveryTag);
                }
            }

            foreach (var tag in foreign)
            {
                await channel.BasicNackAsync(tag, multiple: false, requeue: true);
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // The error queue does not exist until the first fault; the caller tries again.
            return found;
        }

        return found;
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe)
        where T : class
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
                throw new TimeoutException("The expected message did not arrive within 30 s.");
            }

            await Task.Delay(50);
        }
    }

    private static Task<T> Eventually<T>(Func<T?> probe)
        where T : class => Eventually(() => Task.FromResult(probe()));
}
