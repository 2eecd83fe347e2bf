using System.Collections.Concurrent;
using MassTransit;
using Moderation.Contracts;

namespace Moderation.Service.Tests.Support;

/// <summary>
/// Subscribes to the decision events on a bus, the way a website backend would, and keeps them.
/// Shared with Moderation.Web.Tests (linked into that project).
/// </summary>
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

    public Task<IModerationDecision> WaitForAsync(string commentId, TimeSpan? timeout = null) =>
        WaitForAsync<IModerationDecision>(commentId, timeout);

    /// <summary>The first decision of type <typeparamref name="T"/> on the comment.</summary>
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

        throw new TimeoutException($"No {(typeof(T) == typeof(IModerationDecision) ? "decision" : typeof(T).Name)} for {commentId} arrived.");
    }

    /// <summary>Decisions on the comment, by any decider or only by <paramref name="decidedBy"/>.</summary>
    public int CountFor(string commentId, DeciderKind? decidedBy = null) =>
        _received.Count(r => r.Decision.CommentId == commentId && (decidedBy is null || r.Decision.DecidedBy.Kind == decidedBy));

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
