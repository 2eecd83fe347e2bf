using System.Collections.Concurrent;
using MassTransit;
using Moderation.Contracts;

namespace Moderation.Web.Tests.Support;

/// <summary>Subscribes to the decision events, as a website backend would, and keeps them.</summary>
public sealed class DecisionCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<(IModerationDecision Decision, Guid? MessageId)> _received = new();
    private HostReceiveEndpointHandle? _handle;

    public static async Task<DecisionCollector> StartAsync(IBus bus)
    {
        var collector = new DecisionCollector();
        collector._handle = bus.ConnectReceiveEndpoint(new TemporaryEndpointDefinition(), KebabCaseEndpointNameFormatter.Instance, e =>
        {
            e.Handler<CommentApproved>(c => collector.Add(c.Message, c.MessageId));
            e.Handler<CommentRejected>(c => collector.Add(c.Message, c.MessageId));
            e.Handler<CommentHeldForReview>(c => collector.Add(c.Message, c.MessageId));
        });
        await collector._handle.Ready;
        return collector;
    }

    public async Task<T> WaitForAsync<T>(string commentId, TimeSpan? timeout = null)
        where T : IModerationDecision
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (_received.Select(r => r.Decision).OfType<T>().FirstOrDefault(d => d.CommentId == commentId) is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No {typeof(T).Name} for {commentId} arrived.");
    }

    public int CountFor(string commentId) => _received.Count(r => r.Decision.CommentId == commentId && r.Decision.DecidedBy.Kind == DeciderKind.Moderator);

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.StopAsync();
        }
    }

    private Task Add(IModerationDecision decision, Guid? messageId)
    {
        _received.Enqueue((decision, messageId));
        return Task.CompletedTask;
    }
}
