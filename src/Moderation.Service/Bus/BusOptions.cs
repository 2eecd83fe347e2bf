namespace Moderation.Service.Bus;

/// <summary>
/// How the service uses the message bus. RabbitMQ is used when <c>ConnectionStrings:RabbitMq</c> is set
/// (an amqp:// URI); otherwise the in-memory transport, which only this process can reach.
/// </summary>
public sealed class BusOptions
{
    public const string Section = "Moderation:Bus";

    /// <summary>The queue (and exchange of the same name) that takes <c>CommentSubmitted</c>.</summary>
    public string CommentsQueue { get; set; } = "moderation-comments";

    /// <summary>
    /// Messages processed at once by one replica. More at once means bigger batched writes to the
    /// store: 64 (with prefetch 128) carried 1.6 times as many comments a second as 16 (with 32) on
    /// two shared cores, and 128 no more (docs/load-and-faults.md, third round).
    /// </summary>
    public int ConcurrentMessageLimit { get; set; } = 64;

    /// <summary>Messages the broker sends ahead of acknowledgements (RabbitMQ only).</summary>
    public int PrefetchCount { get; set; } = 128;

    /// <summary>In-process retries of a failed message before it is redelivered or parked.</summary>
    public int RetryLimit { get; set; } = 5;

    /// <summary>
    /// How long a message keeps being retried in process while the store is unreachable (a transient
    /// database error: connection refused, server shutting down, pool exhausted). The message stays
    /// unacknowledged meanwhile, so a crash returns it to the queue. After the window it goes to the
    /// error queue with the database error as the reason.
    /// </summary>
    public TimeSpan StoreOutageRetryWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Redeliver later (10 s, 1 min, 5 min) after the in-process retries. Needs a message scheduler:
    /// on RabbitMQ the delayed-message-exchange plugin; always available in memory.
    /// </summary>
    public bool DelayedRedelivery { get; set; }

    /// <summary>
    /// Declare the comments queue (and so its <c>_error</c> queue, which copies its arguments) as a
    /// RabbitMQ quorum queue: replicated across the cluster's nodes. Must match how the queue was
    /// declared before (deploy/rabbitmq/definitions.json declares it quorum); RabbitMQ refuses a
    /// redeclaration with another type (PRECONDITION_FAILED) and the service does not start.
    /// </summary>
    public bool QuorumQueues { get; set; }

    internal string? Validate()
    {
        if (string.IsNullOrWhiteSpace(CommentsQueue))
        {
            return $"{Section}:CommentsQueue must not be empty.";
        }

        if (ConcurrentMessageLimit is < 1 or > 1024)
        {
            return $"{Section}:ConcurrentMessageLimit must be between 1 and 1024 (was {ConcurrentMessageLimit}).";
        }

        if (PrefetchCount is < 1 or > 65535)
        {
            return $"{Section}:PrefetchCount must be between 1 and 65535 (was {PrefetchCount}).";
        }

        if (StoreOutageRetryWindow < TimeSpan.Zero || StoreOutageRetryWindow > TimeSpan.FromMinutes(25))
        {
            // RabbitMQ closes a channel whose delivery stays unacknowledged for 30 minutes (consumer_timeout).
            return $"{Section}:StoreOutageRetryWindow must be between 00:00:00 and 00:25:00 (was {StoreOutageRetryWindow}).";
        }

        return RetryLimit is < 0 or > 20 ? $"{Section}:RetryLimit must be between 0 and 20 (was {RetryLimit})." : null;
    }
}
