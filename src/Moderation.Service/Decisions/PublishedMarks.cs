using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Moderation.Service.Decisions;

/// <summary>
/// Marks decisions as published in batches, off the consumer's path. The mark only spares a
/// redelivered or resubmitted comment a second, identical event; so a mark that is late, or lost in
/// a crash, costs at most that identical event (same message id), which subscribers deduplicate.
/// Waiting for it per comment cost a round trip and a commit each; one statement now marks every
/// decision published since the last one.
/// </summary>
public sealed class PublishedMarks(DecisionStore store, TimeProvider time, ILogger<PublishedMarks> logger) : BackgroundService
{
    /// <summary>Most decisions marked by one statement.</summary>
    public const int MaxBatch = 500;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Pause after each write, so that under load one statement marks many decisions: at 500 comments
    /// a second, about 50. Nothing waits on a mark; it only narrows the window for a second identical event.
    /// </summary>
    public static TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(100);

    private readonly Channel<DecisionKey> _pending = Channel.CreateUnbounded<DecisionKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<DecisionKey> _unwritten = new(MaxBatch);
    private readonly ConcurrentDictionary<DecisionKey, byte> _published = new();

    /// <summary>Marks the decision published soon. Never blocks and never fails.</summary>
    public void Add(DecisionKey key)
    {
        _published.TryAdd(key, 0);
        if (!_pending.Writer.TryWrite(key))
        {
            // Only after shutdown began: the next redelivery or resubmission republishes the same event.
            logger.LogDebug("Shutting down: {SiteId}/{CommentId} revision {Revision} stays marked unpublished", key.SiteId, key.CommentId, key.Revision);
        }
    }

    /// <summary>
    /// Whether this replica published the decision and has yet to mark it: a repeat arriving in that
    /// window must not publish it again.
    /// </summary>
    public bool IsPublishedHere(DecisionKey key) => _published.ContainsKey(key);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                Take(_unwritten);
                await FlushAsync(_unwritten, stoppingToken);
                _unwritten.Clear();
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // StopAsync writes what is left, the batch in hand included.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        try
        {
            await WriteAsync(_unwritten, cancellationToken);
            for (Take(_unwritten); _unwritten.Count > 0; Take(_unwritten))
            {
                await WriteAsync(_unwritten, cancellationToken);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not mark the last decisions published before shutdown; a redelivery would publish their events again, identical");
        }
    }

    private void Take(List<DecisionKey> batch)
    {
        batch.Clear();
        while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var key))
        {
            batch.Add(key);
        }
    }

    private async Task WriteAsync(List<DecisionKey> batch, CancellationToken cancellationToken)
    {
        await store.MarkPublishedAsync(batch, time.GetUtcNow(), cancellationToken);
        foreach (var key in batch)
        {
            _published.TryRemove(key, out _);
        }
    }

    /// <summary>Writes the batch, retrying while the store is unreachable: consumers are waiting on it too.</summary>
    private async Task FlushAsync(List<DecisionKey> batch, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await WriteAsync(batch, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Marking {Count} decisions published failed; trying again in {Delay}", batch.Count, RetryDelay);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }
}
