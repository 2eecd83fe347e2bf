using Moderation.Service.Bus;

namespace Moderation.Service.Tests.Bus;

public sealed class QueueLagTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_recent_stamp_gives_the_time_since_it()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(40), CommentSubmittedConsumer.Lag(Now.AddMilliseconds(-40), Now));
    }

    [Fact]
    public void A_backlog_of_days_is_real_and_kept()
    {
        Assert.Equal(TimeSpan.FromDays(3), CommentSubmittedConsumer.Lag(Now.AddDays(-3), Now));
    }

    [Fact]
    public void A_sender_clock_slightly_ahead_is_kept()
    {
        Assert.Equal(TimeSpan.FromSeconds(-2), CommentSubmittedConsumer.Lag(Now.AddSeconds(2), Now));
    }

    // What RabbitMQ hands MassTransit for a plain-JSON message without an AMQP timestamp (year 9999),
    // an unset submittedAt (year 1), a zero Unix timestamp, a clock far ahead: none is a send time.
    [Theory]
    [InlineData("9999-12-31T23:59:59.9999999+00:00")]
    [InlineData("0001-01-01T00:00:00+00:00")]
    [InlineData("1970-01-01T00:00:00+00:00")]
    [InlineData("2026-11-30T12:10:00+00:00")]
    [InlineData("2026-09-30T12:00:00+00:00")]
    public void A_stamp_that_cannot_be_a_send_time_gives_no_lag(string stamp)
    {
        Assert.Null(CommentSubmittedConsumer.Lag(DateTimeOffset.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture), Now));
    }
}
