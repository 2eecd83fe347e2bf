using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Moderation.LoadTest;

/// <summary>
/// A subscriber to the three decision exchanges on a durable queue of its own, acknowledging each
/// event after counting it: events published while the broker restarts are kept, not lost to us.
/// </summary>
internal sealed class DecisionListener : IAsyncDisposable
{
    private static readonly string[] Exchanges =
        ["Moderation.Contracts:CommentApproved", "Moderation.Contracts:CommentRejected", "Moderation.Contracts:CommentHeldForReview"];

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;

    private DecisionListener(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<DecisionListener> StartAsync(string amqp, string runId, Tracker tracker, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqp), AutomaticRecoveryEnabled = true, TopologyRecoveryEnabled = true, NetworkRecoveryInterval = TimeSpan.FromSeconds(1), ClientProvidedName = "moderation-loadtest-listener" };
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = $"loadtest-decisions-{runId}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var exchange in Exchanges)
        {
            // Declared as MassTransit declares them, so whichever side comes first the topology agrees.
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, exchange, routingKey: "", cancellationToken: cancellationToken);
        }

        await channel.BasicQosAsync(0, 2000, false, cancellationToken);
        var prefix = runId + "-";
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (TryRead(delivery.Body.Span, out var commentId, out var decisionId) && commentId.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(commentId.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
            {
                tracker.Decision(sequence, decisionId, now);
            }
            else
            {
                tracker.NotOurs();
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        return new DecisionListener(connection, channel, queue);
    }

    private static bool TryRead(ReadOnlySpan<byte> json, out string commentId, out Guid decisionId)
    {
        commentId = "";
        decisionId = Guid.Empty;
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("commentId"u8))
                {
                    reader.Read();
                    commentId = reader.GetString() ?? "";
                }
                else if (reader.ValueTextEquals("decisionId"u8))
                {
                    reader.Read();
                    decisionId = reader.GetGuid();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return commentId.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.QueueDeleteAsync(_queue);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // Gone with the broker; a fresh vhost per run keeps leftovers harmless.
        }

        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
