using System.Net.ServerSentEvents;
using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Moderation.Service.Auth;
using Moderation.Service.Decisions;
using Moderation.Service.Sites;

namespace Moderation.Service.ReviewQueue;

/// <summary>
/// The moderators' API: <c>/api/v1/review/{siteId}/…</c>. Signed-in moderators and admins only, and
/// only for the sites they are given: every route with a site checks it before doing anything.
/// </summary>
public static class ReviewApi
{
    public const int MaxBulkItems = 200;
    public const int MaxNoteLength = 1000;

    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var review = app.MapGroup("/api/v1/review").WithTags("Review").RequireAuthorization(ModerationClaims.ModeratorPolicy);
        review.MapGet("/reasons", () => TypedResults.Ok(new { approve = ModeratorReasons.Approve, reject = ModeratorReasons.Reject }));

        var site = review.MapGroup("/{siteId}").AddEndpointFilter(AuthoriseSiteAsync);
        site.MapGet("/queue", QueueAsync);
        site.MapGet("/comments/{commentId}", LatestAsync);
        site.MapGet("/comments/{commentId}/{revision:int}", CommentAsync);
        site.MapPost("/comments/{commentId}/{revision:int}/approve",
            (string siteId, string commentId, int revision, DecideRequest request, ClaimsPrincipal user, ModeratorDecisionService decisions, IPublishEndpoint publisher, CancellationToken ct) =>
                DecideAsync(new DecisionKey(siteId, commentId, revision), approve: true, request, user, decisions, publisher, ct));
        site.MapPost("/comments/{commentId}/{revision:int}/reject",
            (string siteId, string commentId, int revision, DecideRequest request, ClaimsPrincipal user, ModeratorDecisionService decisions, IPublishEndpoint publisher, CancellationToken ct) =>
                DecideAsync(new DecisionKey(siteId, commentId, revision), approve: false, request, user, decisions, publisher, ct));
        site.MapPost("/bulk", BulkAsync);
        site.MapGet("/search", SearchAsync);
        site.MapGet("/authors/{authorId}", AuthorAsync);
        site.MapGet("/audit", AuditAsync);
        site.MapGet("/events", Events);
        return app;
    }

    /// <summary>Unknown site: 404. A site the user is not given: 403. Both before any data is read.</summary>
    private static async ValueTask<object?> AuthoriseSiteAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var siteId = http.GetRouteValue("siteId") as string ?? "";
        var sites = http.RequestServices.GetRequiredService<IOptionsMonitor<SitesOptions>>().CurrentValue;
        if (!sites.Sites.ContainsKey(siteId))
        {
            return Problem(StatusCodes.Status404NotFound, "UnknownSite", $"There is no site '{siteId}'.");
        }

        if (!http.User.CanAccessSite(siteId))
        {
            return Problem(StatusCodes.Status403Forbidden, "SiteForbidden", $"You are not a moderator of site '{siteId}'.");
        }

        return await next(context);
    }

    private static async Task<Results<Ok<QueuePage>, ProblemHttpResult>> QueueAsync(
        string siteId, ReviewStore store, CancellationToken cancellationToken,
        string? reason = null, double? minScore = null, double? maxScore = null, string? thread = null, string? author = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? sort = null, int? limit = null, int? offset = null)
    {
        if (minScore is < 0 or > 1 || maxScore is < 0 or > 1 || (minScore > maxScore))
        {
            return Problem(StatusCodes.Status400BadRequest, "InvalidScoreRange", "minScore and maxScore must lie in [0, 1] with minScore <= maxScore.");
        }

        if (sort is not (null or "newest" or "oldest" or "riskiest"))
        {
            return Problem(StatusCodes.Status400BadRequest, "InvalidSort", "sort must be newest, oldest or riskiest.");
        }

        if (from > to)
        {
            return Problem(StatusCodes.Status400BadRequest, "InvalidDateRange", "from must be before to.");
        }

        var query = new QueueQuery
        {
            Reason = reason, MinScore = minScore, MaxScore = maxScore, Thread = thread, Author = author, From = from, To = to,
            Sort = sort ?? "newest", Limit = Math.Clamp(limit ?? 50, 1, 200), Offset = Math.Max(offset ?? 0, 0),
        };
        return TypedResults.Ok(await store.QueueAsync(siteId, query, cancellationToken));
    }

    private static async Task<Results<Ok<CommentDetail>, ProblemHttpResult>> LatestAsync(string siteId, string commentId, ReviewStore store, CancellationToken cancellationToken)
    {
        var revision = await store.LatestRevisionAsync(siteId, commentId, cancellationToken);
        return revision is null
            ? Problem(StatusCodes.Status404NotFound, "UnknownComment", "No decision exists for this comment.")
            : await CommentAsync(siteId, commentId, revision.Value, store, cancellationToken);
    }

    private static async Task<Results<Ok<CommentDetail>, ProblemHttpResult>> CommentAsync(
        string siteId, string commentId, int revision, ReviewStore store, CancellationToken cancellationToken)
    {
        var detail = await store.FindAsync(new DecisionKey(siteId, commentId, revision), cancellationToken);
        return detail is null
            ? Problem(StatusCodes.Status404NotFound, "UnknownComment", "No decision exists for this comment revision.")
            : TypedResults.Ok(detail);
    }

    public sealed record DecideResponse(string State, int Version, ModeratorDecisionView Decision);

    private static async Task<Results<Ok<DecideResponse>, ProblemHttpResult>> DecideAsync(
        DecisionKey key, bool approve, DecideRequest request, ClaimsPrincipal user, ModeratorDecisionService decisions, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (Validate(approve, request.ReasonCode, request.Note) is { } invalid)
        {
            return invalid;
        }

        var reasonCode = request.ReasonCode ?? (approve ? ModeratorReasons.DefaultApprove : ModeratorReasons.DefaultReject);
        var outcome = await decisions.DecideAsync(key, approve, reasonCode, Note(request.Note), request.Version, user.Actor(), publisher, cancellationToken);
        return outcome switch
        {
            DecideOutcome.Decided d => TypedResults.Ok(new DecideResponse(d.Decision.Outcome, d.Version, d.Decision)),
            DecideOutcome.Conflict c => Conflict(c),
            _ => Problem(StatusCodes.Status404NotFound, "NotInQueue", "This comment revision was never held for review."),
        };
    }

    private static async Task<Results<Ok<BulkResponse>, ProblemHttpResult>> BulkAsync(
        string siteId, BulkRequest request, ClaimsPrincipal user, ModeratorDecisionService decisions, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (request.Action is not ("approve" or "reject"))
        {
            return Problem(StatusCodes.Status400BadRequest, "InvalidAction", "action must be approve or reject.");
        }

        if (request.Items is not { Count: > 0 and <= MaxBulkItems })
        {
            return Problem(StatusCodes.Status400BadRequest, "InvalidItems", $"Send between 1 and {MaxBulkItems} items.");
        }

        var approve = request.Action == "approve";
        if (Validate(approve, request.ReasonCode, request.Note) is { } invalid)
        {
            return invalid;
        }

        var reasonCode = request.ReasonCode ?? (approve ? ModeratorReasons.DefaultApprove : ModeratorReasons.DefaultReject);
        var results = new List<BulkItemResult>(request.Items.Count);
        foreach (var item in request.Items.DistinctBy(i => (i.CommentId, i.Revision)))
        {
            var outcome = await decisions.DecideAsync(
                new DecisionKey(siteId, item.CommentId, item.Revision), approve, reasonCode, Note(request.Note), item.Version, user.Actor(), publisher, cancellationToken);
            results.Add(outcome switch
            {
                DecideOutcome.Decided d => new BulkItemResult(item.CommentId, item.Revision, "decided", d.Decision.Outcome, d.Decision.DecidedBy, null),
                DecideOutcome.Conflict c => new BulkItemResult(item.CommentId, item.Revision, "conflict", c.State, c.DecidedBy, ConflictDetail(c)),
                _ => new BulkItemResult(item.CommentId, item.Revision, "notFound", null, null, "This comment revision was never held for review."),
            });
        }

        return TypedResults.Ok(new BulkResponse(
            results.Count(r => r.Status == "decided"), results.Count(r => r.Status == "conflict"), results.Count(r => r.Status == "notFound"), results));
    }

    private static async Task<Results<Ok<QueuePage>, ProblemHttpResult>> SearchAsync(
        string siteId, ReviewStore store, CancellationToken cancellationToken, string? q = null, string? state = null, int? limit = null, int? offset = null)
    {
        if (state is not (null or "" or ReviewStates.Held or ReviewStates.Approved or ReviewStates.Rejected))
        {
            return Problem(StatusCodes.Status400BadRequest, "InvalidState", "state must be Held, Approved or Rejected.");
        }

        // Every held decision has a review row, so the review state (or else the pipeline's outcome) is where it stands now.
        var page = await store.SearchAsync(siteId, q, string.IsNullOrEmpty(state) ? null : state, Math.Clamp(limit ?? 50, 1, 200), Math.Max(offset ?? 0, 0), cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<Ok<AuthorHistory>> AuthorAsync(string siteId, string authorId, ReviewStore store, CancellationToken cancellationToken, int? recent = null) =>
        TypedResults.Ok(await store.AuthorHistoryAsync(siteId, authorId, Math.Clamp(recent ?? 20, 1, 100), cancellationToken));

    private static async Task<Ok<AuditPage>> AuditAsync(
        string siteId, ReviewStore store, CancellationToken cancellationToken, long? before = null, string? actor = null, int? limit = null) =>
        TypedResults.Ok(await store.AuditAsync(siteId, before, actor, Math.Clamp(limit ?? 50, 1, 200), cancellationToken));

    public sealed record QueueSignal(int Held, DateTimeOffset? Newest);

    /// <summary>Server-sent events: the queue's size and newest hold time, whenever either changes (and every 15 s).</summary>
    /// <remarks>The stream ends when the service stops, so a shutdown does not wait for open pages; they reconnect.</remarks>
    private static ServerSentEventsResult<QueueSignal> Events(
        string siteId, ReviewStore store, ReviewQueueSignal signal, TimeProvider time, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        return TypedResults.ServerSentEvents(Stream(siteId, store, signal, time, stopping), eventType: "queue");
    }

    /// <summary>How often a live stream re-reads the queue when nothing on this replica signalled.</summary>
    public static TimeSpan LivePollInterval { get; set; } = TimeSpan.FromSeconds(3);

    private static async IAsyncEnumerable<QueueSignal> Stream(string siteId, ReviewStore store, ReviewQueueSignal signal, TimeProvider time, CancellationTokenSource stopping)
    {
        using var owned = stopping;
        var cancellationToken = stopping.Token;
        QueueSignal? last = null;
        var lastSent = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var (held, newest) = await store.QueueStateAsync(siteId, cancellationToken);
            var now = new QueueSignal(held, newest);
            // Also every 15 s when nothing changed: proxies keep the connection, the page knows it is live.
            if (now != last || time.GetUtcNow() - lastSent > TimeSpan.FromSeconds(15))
            {
                last = now;
                lastSent = time.GetUtcNow();
                yield return now;
            }

            try
            {
                await signal.WaitAsync(LivePollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static ProblemHttpResult? Validate(bool approve, string? reasonCode, string? note)
    {
        var allowed = approve ? ModeratorReasons.Approve : ModeratorReasons.Reject;
        if (reasonCode is not null && !allowed.Contains(reasonCode))
        {
            return Problem(StatusCodes.Status400BadRequest, "UnknownReasonCode", $"The reason code must be one of: {string.Join(", ", allowed)}.");
        }

        return note is { Length: > MaxNoteLength }
            ? Problem(StatusCodes.Status400BadRequest, "NoteTooLong", $"The note may have at most {MaxNoteLength} characters.")
            : null;
    }

    private static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    private static ProblemHttpResult Conflict(DecideOutcome.Conflict conflict) =>
        TypedResults.Problem(
            title: conflict.State == ReviewStates.Held ? "StaleVersion" : "AlreadyDecided",
            detail: ConflictDetail(conflict),
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = conflict.State == ReviewStates.Held ? "StaleVersion" : "AlreadyDecided",
                ["state"] = conflict.State,
                ["version"] = conflict.Version,
                ["decidedBy"] = conflict.DecidedBy,
                ["decidedAt"] = conflict.DecidedAt,
            });

    private static string ConflictDetail(DecideOutcome.Conflict conflict) => conflict.State == ReviewStates.Held
        ? $"The comment changed since you loaded it (version {conflict.Version} now); reload it and decide again."
        : $"{conflict.DecidedBy} already {conflict.State.ToLowerInvariant()} this comment at {conflict.DecidedAt:u}.";

    internal static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(title: code, detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });
}
