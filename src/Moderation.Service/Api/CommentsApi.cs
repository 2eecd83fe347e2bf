using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Moderation.Contracts;
using Moderation.Core.Validation;
using Moderation.Service.Decisions;

namespace Moderation.Service.Api;

/// <summary>The HTTP face for sites without a bus: a synchronous check, an asynchronous submit, and decision look-up.</summary>
public static class CommentsApi
{
    /// <summary>Largest request body accepted, in bytes; longer texts are cut by the site's text limit well before this.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        var comments = app.MapGroup("/api/v1/comments").WithTags("Comments");
        comments.MapPost("/check", CheckAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        comments.MapPost("/", SubmitAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        app.MapGet("/api/v1/decisions/{siteId}/{commentId}/{revision:int}", GetAsync).WithTags("Comments");
        return app;
    }

    /// <summary>Decides the comment now, publishes the decision event, and answers with it.</summary>
    private static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> CheckAsync(
        HttpRequest request, DecisionService decisions, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var (comment, problem) = await SubmissionReader.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var stored = await decisions.DecideAsync(comment!, publisher, cancellationToken);
            return TypedResults.Ok(DecisionResponse.From(stored));
        }
        catch (InvalidSubmissionException ex)
        {
            return SubmissionReader.Problem(ex.Code, ex.Message, StatusCodes.Status422UnprocessableEntity, ex.Field);
        }
    }

    /// <summary>Puts the comment on the bus, like a website backend would, and says where the decision will be.</summary>
    private static async Task<Results<Accepted, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var (comment, problem) = await SubmissionReader.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            SubmissionValidator.Validate(comment);
        }
        catch (InvalidSubmissionException ex)
        {
            return SubmissionReader.Problem(ex.Code, ex.Message, StatusCodes.Status422UnprocessableEntity, ex.Field);
        }

        await publisher.Publish(comment!, cancellationToken);
        var location = $"/api/v1/decisions/{Uri.EscapeDataString(comment!.SiteId)}/{Uri.EscapeDataString(comment.CommentId)}/{comment.Revision}";
        return TypedResults.Accepted(location);
    }

    private static async Task<Results<Ok<DecisionResponse>, NotFound>> GetAsync(
        string siteId, string commentId, int revision, DecisionStore store, CancellationToken cancellationToken)
    {
        var stored = await store.FindAsync(new DecisionKey(siteId, commentId, revision), cancellationToken);
        return stored is null ? TypedResults.NotFound() : TypedResults.Ok(DecisionResponse.From(stored));
    }
}

/// <summary>The answer of the HTTP API: the outcome and the decision event as published.</summary>
public sealed record DecisionResponse(string Outcome, IModerationDecision Decision)
{
    public static DecisionResponse From(StoredDecision stored) => new(stored.Outcome.ToString(), stored.Event);
}
