using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Moderation.Contracts;

namespace Moderation.LoadTest;

/// <summary>
/// The bus-only baseline: the service's bus stack (MassTransit on RabbitMQ, plain JSON, durable
/// queue, persistent messages, publisher confirms, the same prefetch and concurrency) with a consumer
/// that approves every comment at once, publishing one event per message. What the service does on
/// top of this (pipeline, store, logging) is what the throughput ratio measures.
/// </summary>
internal static class EchoService
{
    /// <summary>
    /// The baseline on <paramref name="queue"/>, with <c>--prefetch</c> and <c>--concurrency</c> when
    /// given, else the service's own defaults (64 at once, prefetch 128) so the two compare alike.
    /// </summary>
    public static IBusControl Create(string amqp, string queue, Options options) =>
        Create(amqp, queue, options.Int("prefetch", 128), options.Int("concurrency", 64));

    private static IBusControl Create(string amqp, string queue, int prefetch, int concurrency) =>
        Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(amqp));
            cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
            cfg.UseRawJsonDeserializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
            cfg.ReceiveEndpoint(queue, e =>
            {
                e.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType | RawSerializerOptions.CopyHeaders, isDefault: true);
                e.PrefetchCount = prefetch;
                e.ConcurrentMessageLimit = concurrency;
                e.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
                e.Consumer<EchoConsumer>();
            });
        });

    /// <summary>Runs the baseline consumer until Ctrl+C or SIGTERM.</summary>
    public static async Task<int> RunAsync(Options options)
    {
        var bus = Create(options.Require("amqp"), options.String("queue", "loadtest-echo"), options);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        await bus.StartAsync(stop.Token);
        Console.WriteLine("echo: consuming");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await bus.StopAsync(CancellationToken.None);
        return 0;
    }

    private sealed class EchoConsumer : IConsumer<CommentSubmitted>
    {
        public Task Consume(ConsumeContext<CommentSubmitted> context)
        {
            var comment = context.Message;
            var id = DecisionId(comment);
            return context.Publish(
                new CommentApproved
                {
                    DecisionId = id,
                    CommentId = comment.CommentId,
                    SiteId = comment.SiteId,
                    ThreadId = comment.ThreadId,
                    Revision = comment.Revision,
                    PolicyVersion = "echo",
                    DecidedAt = DateTimeOffset.UtcNow,
                    DecidedBy = DecidedBy.Pipeline,
                    Metadata = comment.Metadata,
                },
                c => c.MessageId = id,
                context.CancellationToken);
        }

        private static Guid DecisionId(CommentSubmitted comment) =>
            new(SHA256.HashData(Encoding.UTF8.GetBytes($"{comment.SiteId}\n{comment.CommentId}\n{comment.Revision}")).AsSpan(0, 16));
    }
}
