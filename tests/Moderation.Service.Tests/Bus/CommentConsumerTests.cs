using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.Service.Decisions;
using Moderation.Service.Tests.Support;
using static Moderation.Service.Tests.Support.CommentBuilder;

namespace Moderation.Service.Tests.Bus;

public sealed class CommentConsumerTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    [Fact]
    public async Task Publishes_a_rejection_with_reasons_for_a_comment_on_the_bus()
    {
        _ = factory.CreateClient();
        var bus = factory.Services.GetRequiredService<IBus>();
        await using var decisions = await DecisionCollector.StartAsync(bus);
        var comment = Comment("buy   followers cheap, 10k for $5");

        await bus.Publish(comment, TestContext.Current.CancellationToken);

        var decision = Assert.IsType<CommentRejected>(await decisions.WaitForAsync(comment.CommentId));
        Assert.Equal(ReasonCodes.BannedTerm, decision.Reasons.First(r => r.Action == ReasonAction.Reject).Code);
        Assert.Equal(DeciderKind.Pipeline, decision.DecidedBy.Kind);
        Assert.Equal("test-7", decision.PolicyVersion);
    }

    [Fact]
    public async Task Same_submission_delivered_twice_gets_one_decision_and_one_event()
    {
        _ = factory.CreateClient();
        var bus = factory.Services.GetRequiredService<IBus>();
        var consumed = new ConsumedCounter();
        using var observer = bus.ConnectConsumeObserver(consumed);
        await using var decisions = await DecisionCollector.StartAsync(bus);
        var comment = Comment("Thoughtful piece, thank you.");

        await bus.Publish(comment, TestContext.Current.CancellationToken);
        await bus.Publish(comment, TestContext.Current.CancellationToken);
        await consumed.WaitForAsync(comment.CommentId, 2);
        await decisions.WaitForAsync(comment.CommentId);
        await Task.Delay(300, TestContext.Current.CancellationToken); // let any second event arrive

        Assert.Equal(1, decisions.CountFor(comment.CommentId));
        var store = factory.Services.GetRequiredService<DecisionStore>();
        var stored = await store.FindAsync(DecisionKey.Of(comment), TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(stored.Event.DecisionId, decisions.Received.Single(r => r.Decision.CommentId == comment.CommentId).MessageId);
    }

    [Fact]
    public async Task Parks_a_submission_without_ids_in_the_error_queue_with_its_reason_and_keeps_consuming()
    {
        _ = factory.CreateClient();
        var bus = factory.Services.GetRequiredService<IBus>();
        var faults = new ConcurrentQueue<string?>();
        var errors = bus.ConnectReceiveEndpoint("moderation-comments_error", e =>
        {
            e.ConfigureConsumeTopology = false; // read the error queue only, do not subscribe it to new comments
            e.Handler<CommentSubmitted>(c =>
            {
                faults.Enqueue(c.Headers.Get<string>("MT-Fault-Message"));
                return Task.CompletedTask;
            });
        });
        await errors.Ready;
        await using var decisions = await DecisionCollector.StartAsync(bus);
        var broken = Comment("hello") with { Author = new CommentAuthor { Id = "" } };
        var good = Comment("Still here after the broken one.");

        await bus.Publish(broken, TestContext.Current.CancellationToken);
        await bus.Publish(good, TestContext.Current.CancellationToken);

        await decisions.WaitForAsync(good.CommentId);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (faults.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Contains("'author.id' is required", Assert.Single(faults));
        Assert.Equal(0, decisions.CountFor(broken.CommentId));
        await errors.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Accepts_a_comment_over_http_and_decides_it_on_the_bus()
    {
        var client = factory.CreateSiteClient();
        var comment = Comment("Good reporting.");

        using var accepted = await client.PostAsJsonAsync("/api/v1/comments", comment, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!;

        HttpResponseMessage? decision = null;
        for (var i = 0; i < 200; i++)
        {
            decision = await client.GetAsync(location, TestContext.Current.CancellationToken);
            if (decision.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.Equal(HttpStatusCode.OK, decision!.StatusCode);
        var body = await decision.Content.ReadFromJsonAsync<DecisionView>(TestContext.Current.CancellationToken);
        Assert.Equal("Approved", body!.Outcome);
    }

    private sealed record DecisionView(string Outcome);

    private sealed class ConsumedCounter : IConsumeObserver
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public async Task WaitForAsync(string commentId, int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (_counts.GetValueOrDefault(commentId) < count)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{commentId} was consumed {_counts.GetValueOrDefault(commentId)} times, expected {count}.");
                }

                await Task.Delay(20);
            }
        }

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is CommentSubmitted comment)
            {
                _counts.AddOrUpdate(comment.CommentId, 1, (_, n) => n + 1);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
