using MassTransit;
using Moderation.Contracts;
using Moderation.Service.Decisions;

namespace Moderation.Service.Bus;

/// <summary>Takes a submitted comment off the bus, decides it, publishes the decision.</summary>
public sealed class CommentSubmittedConsumer(DecisionService decisions) : IConsumer<CommentSubmitted>
{
    public Task Consume(ConsumeContext<CommentSubmitted> context) =>
        decisions.DecideAsync(context.Message, context, context.CancellationToken);
}
