using System.Net.Http.Headers;
using RabbitMQ.Client;

namespace Moderation.LoadTest;

/// <summary>Puts one comment in front of the service: on the bus or over HTTP.</summary>
internal interface ISubmitter : IAsyncDisposable
{
    /// <summary>Returns once the broker confirmed the message (or the API accepted it); throws otherwise.</summary>
    Task SubmitAsync(byte[] body, string messageId, CancellationToken cancellationToken);
}

/// <summary>
/// Plain JSON to the comments exchange, as a backend in any language does: persistent messages,
/// publisher confirms awaited per message, a few channels so confirms overlap.
/// </summary>
internal sealed class AmqpSubmitter : ISubmitter
{
    private readonly IConnection _connection;
    private readonly IChannel[] _channels;
    private readonly string _exchange;
    private int _next;

    private AmqpSubmitter(IConnection connection, IChannel[] channels, string exchange)
    {
        _connection = connection;
        _channels = channels;
        _exchange = exchange;
    }

    public static async Task<AmqpSubmitter> CreateAsync(string amqp, string exchange, int channels, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqp), AutomaticRecoveryEnabled = true, TopologyRecoveryEnabled = true, NetworkRecoveryInterval = TimeSpan.FromSeconds(1), ClientProvidedName = "moderation-loadtest-publisher" };
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        var pool = new IChannel[channels];
        for (var i = 0; i < channels; i++)
        {
            pool[i] = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        }

        // The consumer declares its exchange on start-up; wait for it rather than publish into nothing.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await probe.ExchangeDeclarePassiveAsync(exchange, cancellationToken);
                break;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
            }
        }

        return new AmqpSubmitter(connection, pool, exchange);
    }

    public async Task SubmitAsync(byte[] body, string messageId, CancellationToken cancellationToken)
    {
        var channel = _channels[(int)((uint)Interlocked.Increment(ref _next) % (uint)_channels.Length)];
        var properties = new BasicProperties { ContentType = "application/json", Persistent = true, MessageId = messageId };
        await channel.BasicPublishAsync(_exchange, routingKey: "", mandatory: false, properties, body, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            await channel.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }
}

/// <summary>POST /api/v1/comments (asynchronous submit, 202); the decision still arrives as an event.</summary>
internal sealed class HttpSubmitter(Uri baseAddress, string? apiKey) : ISubmitter
{
    private readonly HttpClient _client = CreateClient(baseAddress, apiKey);

    /// <summary>Every request of the load test is built here, so authentication is a one-line change.</summary>
    private static HttpClient CreateClient(Uri baseAddress, string? apiKey)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async Task SubmitAsync(byte[] body, string messageId, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _client.PostAsync(new Uri("api/v1/comments", UriKind.Relative), content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
