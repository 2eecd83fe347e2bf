using System.Collections.Concurrent;
using MassTransit;
using Moderation.Contracts;

namespace Moderation.Service.Tests.Support;

/// <summary>Subscribes to the decision events on a bus, the way a website backend would, and keeps them.</summary>
public sealed class DecisionCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<(IModerationDecision Decision, Guid? MessageId)> _received = new();
    private HostReceiveEndpointHandle? _handle;

    public IReadOnlyCollection<(IModerationDecision Decision, Guid? MessageId)> Received => _received;

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

    public async Task<IModerationDecision> WaitForAsync(string commentId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            var found = _received.FirstOrDefault(r => r.Decision.CommentId == commentId);
            if (found.Decision is not null)
            {
                return found.Decision;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No decision for {commentId} arrived.");
    }

    public int CountFor(string commentId) => _received.Count(r => r.Decision.CommentId == commentId);

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
