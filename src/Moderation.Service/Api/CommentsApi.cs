using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Moderation.Contracts;
using Moderation.Core.Sites;
using Moderation.Core.Validation;
using Moderation.Service.Auth;
using Moderation.Service.Decisions;
using Moderation.Service.ReviewQueue;

namespace Moderation.Service.Api;

/// <summary>The HTTP face for sites without a bus: a synchronous check, an asynchronous submit, and decision look-up.</summary>
public static class CommentsApi
{
    /// <summary>Largest request body accepted, in bytes; longer texts are cut by the site's text limit well before this.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        // Website backends: an API key, which grants its one site.
        var comments = app.MapGroup("/api/v1/comments").WithTags("Comments").RequireAuthorization(ModerationClaims.SiteKeyPolicy);
        comments.MapPost("/check", CheckAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        comments.MapPost("/", SubmitAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        app.MapGet("/api/v1/decisions/{siteId}/{commentId}/{revision:int}", GetAsync).WithTags("Comments")
            .RequireAuthorization(ModerationClaims.SiteOrModeratorPolicy);
        return app;
    }

    /// <summary>Decides the comment now, publishes the decision event, and answers with it.</summary>
    private static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> CheckAsync(
        HttpRequest request, ClaimsPrincipal user, ISiteSettingsProvider sites, DecisionService decisions, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var (comment, problem) = await SubmissionReader.ReadAsync(request, cancellationToken);
        problem ??= ForbiddenSite(user, sites, comment!.SiteId);
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
        HttpRequest request, ClaimsPrincipal user, ISiteSettingsProvider sites, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var (comment, problem) = await SubmissionReader.ReadAsync(request, cancellationToken);
        problem ??= ForbiddenSite(user, sites, comment!.SiteId);
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

    /// <summary>
    /// A key for another site gets 403. An unknown site is left to validation, which answers 422
    /// UnknownSite: it names no data, and the website learns what is wrong with its configuration.
    /// </summary>
    private static ProblemHttpResult? ForbiddenSite(ClaimsPrincipal user, ISiteSettingsProvider sites, string? siteId) =>
        siteId is not null && sites.Find(siteId) is not null && !user.CanAccessSite(siteId)
            ? SubmissionReader.Problem("SiteForbidden", $"This API key does not grant site '{siteId}'.", StatusCodes.Status403Forbidden)
            : null;

    private static async Task<Results<Ok<DecisionResponse>, NotFound, ProblemHttpResult>> GetAsync(
        string siteId, string commentId, int revision, ClaimsPrincipal user, DecisionStore store, ReviewStore reviews, CancellationToken cancellationToken)
    {
        if (!user.CanAccessSite(siteId))
        {
            return SubmissionReader.Problem("SiteForbidden", $"These credentials do not grant site '{siteId}'.", StatusCodes.Status403Forbidden);
        }

        // A site without a bus polls here after a hold: once a moderator decided, that decision is the answer.
        var key = new DecisionKey(siteId, commentId, revision);
        if (await reviews.FindModeratorDecisionAsync(key, cancellationToken) is { } human)
        {
            return TypedResults.Ok(new DecisionResponse(DecisionEvents.OutcomeOf(human).ToString(), human));
        }

        var stored = await store.FindAsync(key, cancellationToken);
        return stored is null ? TypedResults.NotFound() : TypedResults.Ok(DecisionResponse.From(stored));
    }
}

/// <summary>The answer of the HTTP API: the outcome and the decision event as published.</summary>
public sealed record DecisionResponse(string Outcome, IModerationDecision Decision)
{
    public static DecisionResponse From(StoredDecision stored) => new(stored.Outcome.ToString(), stored.Event);
}
