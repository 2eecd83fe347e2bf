using Dapper;
using MassTransit;
using Moderation.Core.Pipeline;
using Moderation.Service.Decisions;
using Moderation.Service.Storage;

namespace Moderation.Service.ReviewQueue;

/// <summary>
/// A human decision has no redelivery to fall back on: when the broker was down at the moment of the
/// decision, this sends the stored event, identical (same message id and content), once it is back.
/// Replicas may both send one; subscribers deduplicate by message id.
/// </summary>
public sealed class UnpublishedDecisionsRepublisher(
    Database database, IBus bus, ModeratorDecisionService decisions, TimeProvider time, ILogger<UnpublishedDecisionsRepublisher> logger) : BackgroundService
{
    /// <summary>How often to look, and how old an unpublished decision must be (so the request that made it can finish first).</summary>
    public static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RepublishAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Republishing moderator decisions failed; trying again in {Interval}", Interval);
            }
        }
    }

    public async Task<int> RepublishAsync(CancellationToken cancellationToken)
    {
        List<(string SiteId, string CommentId, int Revision, string State, string EventJson)> rows;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            rows = (await connection.QueryAsync<(string, string, int, string, string)>(new CommandDefinition(
                $"""
                SELECT site_id, comment_id, revision, state, event_json FROM reviews
                WHERE decision_id IS NOT NULL AND published_at IS NULL AND decided_at < {database.Time("@Before")}
                ORDER BY decided_at LIMIT 100
                """,
                new { Before = SqlText.Iso(time.GetUtcNow() - Interval) }, cancellationToken: cancellationToken))).ToList();
        }

        foreach (var row in rows)
        {
            var outcome = row.State == ReviewStates.Approved ? Outcome.Approved : Outcome.Rejected;
            await ModeratorDecisionService.PublishAsync(DecisionEvents.Deserialize(outcome, row.EventJson), bus, cancellationToken);
            await decisions.MarkPublishedAsync(new DecisionKey(row.SiteId, row.CommentId, row.Revision), cancellationToken);
            logger.LogInformation("Republished the moderator decision on {SiteId}/{CommentId} revision {Revision}", row.SiteId, row.CommentId, row.Revision);
        }

        return rows.Count;
    }
}
