namespace Moderation.Service.ReviewQueue;

/// <summary>
/// Wakes the live-update streams of this replica when a comment is held or decided here. Streams
/// also poll the store, so comments held by other replicas show up too, a few seconds later.
/// </summary>
public sealed class ReviewQueueSignal
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify(string siteId)
    {
        _ = siteId; // one signal for all sites: streams re-read their own site's queue, which is cheap
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes at the next change, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var changed = Volatile.Read(ref _changed).Task;
        try
        {
            await changed.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // polling interval elapsed
        }
    }
}
