using System.Threading.Channels;
using Dapper;
using Moderation.Service.Storage;

namespace Moderation.Service.Decisions;

/// <summary>
/// Writes the decisions of concurrent consumers to PostgreSQL together: one statement and one commit
/// for every decision waiting when the previous write finished. Under light load a batch is a single
/// decision and nothing waits; under heavy load the per-statement and per-commit costs, which were
/// most of the database's work per comment, are shared. Each writer still learns whether its own
/// decision went in, and nobody's write returns before the commit.
/// </summary>
internal sealed class DecisionBatcher(Database database)
{
    /// <summary>Most decisions in one statement.</summary>
    public const int MaxBatch = 128;

    // Not SingleReader: that channel's reader cannot count, and the writer's hand-over needs the count.
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private int _draining;

    /// <summary>Stores the row unless its key is stored already; true when this row went in.</summary>
    public async Task<bool> InsertAsync(DecisionRow row, CancellationToken cancellationToken)
    {
        var pending = new Pending(row);
        _queue.Writer.TryWrite(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // Nobody is writing: this caller writes the waiting batch, its own row among them, on its
            // own thread (two thread hops fewer under light load) and leaves what queued meanwhile to
            // a background drain, so that it does not wait on other callers' batches.
            await WriteNextBatchAsync();
            if (!TryStopDraining())
            {
                _ = Task.Run(DrainAsync, CancellationToken.None);
            }
        }

        // The write goes ahead even if this caller gives up: a redelivery then finds the row stored.
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        while (await WriteNextBatchAsync() || !TryStopDraining())
        {
        }
    }

    /// <summary>Writes up to <see cref="MaxBatch"/> waiting rows; false when none was waiting.</summary>
    private async Task<bool> WriteNextBatchAsync()
    {
        var batch = new List<Pending>();
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
        {
            batch.Add(next);
        }

        if (batch.Count == 0)
        {
            return false;
        }

        await WriteAsync(batch);
        return true;
    }

    /// <summary>Gives up the writer's role unless rows are waiting; true when given up.</summary>
    private bool TryStopDraining()
    {
        if (_queue.Reader.Count > 0)
        {
            return false;
        }

        Volatile.Write(ref _draining, 0);
        // A caller may have queued after the check above and seen the writer still busy.
        return _queue.Reader.Count == 0 || Interlocked.CompareExchange(ref _draining, 1, 0) != 0;
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var inserted = await InsertManyAsync(batch);
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult(inserted.Contains(pending.Row));
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One bad row must not fail the others: write them one by one, each getting its own answer.
            foreach (var pending in batch)
            {
                await WriteAsync([pending]);
            }
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    /// <summary>
    /// One statement: the decisions, their outcome in the comments' history and, for held ones, their
    /// place in the review queue go in together or not at all. Returns the rows that went in.
    /// </summary>
    private async Task<HashSet<DecisionRow>> InsertManyAsync(List<Pending> batch)
    {
        // Two rows for one key in one statement: the first is written, the second learns it lost.
        var rows = batch.Select(p => p.Row).DistinctBy(r => (r.SiteId, r.CommentId, r.Revision)).ToList();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var keys = await connection.QueryAsync<(string SiteId, string CommentId, int Revision)>(new CommandDefinition(
            $"""
            WITH inserted AS (
                INSERT INTO decisions ({DecisionStore.InsertColumns})
                SELECT site_id, comment_id, revision, CAST(decision_id AS uuid), outcome, thread_id, author_id, reason_codes, event_json, comment_json,
                       CAST(decided_at AS timestamptz), comment_text, max_score
                FROM unnest(@SiteIds, @CommentIds, @Revisions, @DecisionIds, @Outcomes, @ThreadIds, @AuthorIds, @ReasonCodes, @EventJsons, @CommentJsons,
                            @DecidedAts, @Texts, @MaxScores)
                     AS r(site_id, comment_id, revision, decision_id, outcome, thread_id, author_id, reason_codes, event_json, comment_json,
                          decided_at, comment_text, max_score)
                ON CONFLICT (site_id, comment_id, revision) DO NOTHING
                RETURNING site_id, comment_id, revision, outcome, decided_at
            ), held AS (
                INSERT INTO reviews (site_id, comment_id, revision, state, version, held_at)
                SELECT site_id, comment_id, revision, 'Held', 1, decided_at FROM inserted WHERE outcome = 'HeldForReview'
                ON CONFLICT (site_id, comment_id, revision) DO NOTHING
            ), recorded AS (
                UPDATE comment_history AS h SET outcome = i.outcome, outcome_at = i.decided_at
                FROM inserted AS i WHERE h.site_id = i.site_id AND h.comment_id = i.comment_id
            )
            SELECT site_id, comment_id, revision FROM inserted
            """,
            new
            {
                SiteIds = rows.Select(r => r.SiteId).ToArray(),
                CommentIds = rows.Select(r => r.CommentId).ToArray(),
                Revisions = rows.Select(r => r.Revision).ToArray(),
                DecisionIds = rows.Select(r => r.DecisionId).ToArray(),
                Outcomes = rows.Select(r => r.Outcome).ToArray(),
                ThreadIds = rows.Select(r => r.ThreadId).ToArray(),
                AuthorIds = rows.Select(r => r.AuthorId).ToArray(),
                ReasonCodes = rows.Select(r => r.ReasonCodes).ToArray(),
                EventJsons = rows.Select(r => r.EventJson).ToArray(),
                CommentJsons = rows.Select(r => r.CommentJson).ToArray(),
                DecidedAts = rows.Select(r => r.DecidedAt).ToArray(),
                Texts = rows.Select(r => r.Text).ToArray(),
                MaxScores = rows.Select(r => r.MaxScore).ToArray(),
            },
            cancellationToken: CancellationToken.None));
        var went = keys.ToHashSet();
        return new HashSet<DecisionRow>(rows.Where(r => went.Contains((r.SiteId, r.CommentId, r.Revision))), ReferenceEqualityComparer.Instance);
    }

    private sealed record Pending(DecisionRow Row)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
