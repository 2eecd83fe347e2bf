using Microsoft.Extensions.Options;

namespace Moderation.Service.History;

/// <summary>Drops similarity sketches past their retention, every <see cref="HistoryOptions.PruneInterval"/>.</summary>
internal sealed class HistoryPruner(SqlCommentHistory history, IOptions<HistoryOptions> options, TimeProvider time, ILogger<HistoryPruner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        do
        {
            try
            {
                var pruned = await history.PruneSketchesAsync(time.GetUtcNow() - options.Value.SketchRetention, stoppingToken);
                if (pruned > 0)
                {
                    logger.LogInformation("Dropped the similarity sketches of {Count} comments older than {Retention}", pruned, options.Value.SketchRetention);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store may be down for a while; the next round tries again.
                logger.LogWarning(ex, "Pruning old similarity sketches failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
