using System.Text;
using Npgsql;
using RabbitMQ.Client;

namespace Moderation.LoadTest;

/// <param name="Unpublished">Rows not marked published whose event never arrived: a decision stuck before its publish.</param>
/// <param name="Unmarked">Rows whose event arrived but whose published mark was lost (written in batches; a crash loses the last ones). Harmless: a repeat of such a comment re-sends the identical event.</param>
internal sealed record StoreCheck(long Rows, long Unpublished, long Unmarked, long Missing, long DecisionIdMismatches);

internal sealed record ErrorQueueCheck(string Queue, long OursParked, long OursWithoutReason, Dictionary<string, int> Reasons, long OthersLeft);

internal static class Checks
{
    /// <summary>
    /// Reads the service's store: one row per comment of the run (the primary key makes a second
    /// impossible, so the count says whether any is missing), each published (marked so, or its event
    /// seen here), each with the decision id its event carried.
    /// </summary>
    public static async Task<StoreCheck> StoreAsync(string connectionString, string runId, Tracker tracker, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT d.comment_id, d.decision_id, p.comment_id IS NULL AND d.published_at IS NULL
            FROM decisions AS d
            LEFT JOIN decisions_published AS p ON p.site_id = d.site_id AND p.comment_id = d.comment_id AND p.revision = d.revision
            WHERE d.comment_id LIKE @prefix
            """,
            connection);
        command.Parameters.AddWithValue("prefix", runId + "-%");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long rows = 0, unpublished = 0, unmarked = 0, mismatched = 0;
        var seen = new bool[tracker.Count];
        var prefix = runId.Length + 1;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!int.TryParse(reader.GetString(0).AsSpan(prefix), System.Globalization.CultureInfo.InvariantCulture, out var sequence) || sequence >= tracker.Count)
            {
                continue;
            }

            rows++;
            seen[sequence] = true;
            var id = tracker.DecisionIdOf(sequence);
            if (reader.GetBoolean(2) && id == Guid.Empty)
            {
                unpublished++;
            }
            else if (reader.GetBoolean(2))
            {
                unmarked++;
            }

            if (id != Guid.Empty && id != reader.GetGuid(1))
            {
                mismatched++;
            }
        }

        return new StoreCheck(rows, unpublished, unmarked, seen.LongCount(s => !s), mismatched);
    }

    /// <summary>
    /// Takes this run's messages out of the error queue and tallies their reasons (MT-Fault-Message);
    /// other messages are put back.
    /// </summary>
    public static async Task<ErrorQueueCheck> ErrorQueueAsync(string amqp, string queue, string runId, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqp) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var reasons = new Dictionary<string, int>();
        long ours = 0, withoutReason = 0, others = 0;
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return new ErrorQueueCheck(queue, 0, 0, reasons, 0);
        }

        var kept = new List<ulong>();
        while (await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message)
        {
            var body = Encoding.UTF8.GetString(message.Body.Span);
            if (!body.Contains(runId, StringComparison.Ordinal))
            {
                others++;
                kept.Add(message.DeliveryTag);
                continue;
            }

            ours++;
            var headers = message.BasicProperties.Headers;
            var reason = headers is not null && headers.TryGetValue("MT-Fault-Message", out var value) && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "";
            if (reason.Length == 0)
            {
                withoutReason++;
            }

            var key = Shorten(reason);
            reasons[key] = reasons.GetValueOrDefault(key) + 1;
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
        }

        foreach (var tag in kept)
        {
            await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken);
        }

        return new ErrorQueueCheck(queue, ours, withoutReason, reasons, others);
    }

    private static string Shorten(string reason)
    {
        // Reasons name fields and positions; cut ids so that equal reasons group together.
        var firstLine = reason.Split('\n')[0];
        var cut = firstLine.IndexOf(" Path:", StringComparison.Ordinal);
        firstLine = cut > 0 ? firstLine[..cut] : firstLine;
        return firstLine.Length > 120 ? firstLine[..120] : firstLine;
    }
}

/// <summary>Resident set size of another process, sampled from /proc once a second.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<(double Seconds, long RssMb)> _samples = [];

    public MemorySampler(int pid)
    {
        _pid = pid;
        _loop = LoopAsync();
    }

    public IReadOnlyList<(double Seconds, long RssMb)> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public static long? RssMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    private async Task LoopAsync()
    {
        var start = DateTime.UtcNow;
        while (!_stop.IsCancellationRequested)
        {
            if (RssMb(_pid) is { } rss)
            {
                lock (_samples)
                {
                    _samples.Add(((DateTime.UtcNow - start).TotalSeconds, rss));
                }
            }

            try
            {
                await Task.Delay(1000, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
