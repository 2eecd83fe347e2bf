using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Moderation.Core.Sites;
using Moderation.Service.Api;
using Moderation.Service.Auth;
using Moderation.Service.Decisions;

namespace Moderation.Service.Reports;

/// <summary>A reader's report, as the website backend passes it on.</summary>
public sealed record ReportRequest(string? ReporterId, string? Reason);

/// <summary>Where the reported comment stands: <c>counted</c> is false when this reader had reported it before.</summary>
public sealed record ReportResponse(string CommentId, int Revision, bool Counted, int Reports, string State, bool HeldForReview);

/// <summary>
/// <c>POST /api/v1/comments/{siteId}/{commentId}/reports</c>: the website backend passes on a reader's
/// report, with its site's API key. The reporter id is hashed before it is stored and never logged.
/// </summary>
public static class ReportsApi
{
    public const int MaxReporterIdLength = 256;

    /// <summary>A report is two short fields; anything near this size is not one.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/comments/{siteId}/{commentId}/reports", ReportAsync).WithTags("Comments")
            .RequireAuthorization(ModerationClaims.SiteKeyPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return app;
    }

    private static async Task<Results<Ok<ReportResponse>, ProblemHttpResult>> ReportAsync(
        string siteId, string commentId, HttpContext http, ClaimsPrincipal user, ISiteSettingsProvider sites, ReportService reports, CancellationToken cancellationToken)
    {
        // Another site's key learns nothing about this site's comments: the same answer whether or not they exist.
        if (!user.CanAccessSite(siteId))
        {
            return SubmissionReader.Problem("SiteForbidden", $"This API key does not grant site '{siteId}'.", StatusCodes.Status403Forbidden);
        }

        if (sites.Find(siteId) is null)
        {
            return SubmissionReader.Problem("UnknownSite", $"There is no site '{siteId}'.", StatusCodes.Status404NotFound);
        }

        var (request, problem) = await ReadAsync(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await reports.ReportAsync(siteId, commentId, request!.ReporterId!, request.Reason ?? ReportService.DefaultReason, cancellationToken);
        switch (outcome)
        {
            case ReportOutcome.Counted counted:
                return TypedResults.Ok(new ReportResponse(commentId, counted.Revision, !counted.Repeated, counted.OpenReports, counted.State, counted.State == ReviewQueue.ReviewStates.Held));
            case ReportOutcome.Limited limited:
                http.Response.Headers.RetryAfter = Math.Ceiling(limited.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return SubmissionReader.Problem(
                    "ReportLimitReached",
                    $"This reporter filed {limited.Max} reports within {limited.Window}, as many as site '{siteId}' allows; try again in {Math.Ceiling(limited.RetryAfter.TotalSeconds)} s.",
                    StatusCodes.Status429TooManyRequests);
            case ReportOutcome.NotPublished notPublished:
                return SubmissionReader.Problem(
                    "CommentNotPublished", $"Comment '{commentId}' is {notPublished.State}: it is not published, so there is nothing to report.", StatusCodes.Status409Conflict);
            default:
                return SubmissionReader.Problem("UnknownComment", $"Site '{siteId}' has no comment '{commentId}'.", StatusCodes.Status404NotFound);
        }
    }

    private static async Task<(ReportRequest? Request, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, SubmissionReader.Problem("UnsupportedContentType", "The body must be JSON, sent with Content-Type: application/json."));
        }

        ReportRequest? report;
        try
        {
            report = await JsonSerializer.DeserializeAsync<ReportRequest>(request.Body, DecisionEvents.Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            // System.Text.Json names the path and position, never the value.
            return (null, SubmissionReader.Problem("MalformedJson", ex.Message));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or System.Text.DecoderFallbackException)
        {
            return (null, SubmissionReader.Problem("InvalidUtf8", "The body is not valid UTF-8 JSON."));
        }

        if (report is null || string.IsNullOrWhiteSpace(report.ReporterId))
        {
            return (null, SubmissionReader.Problem("MissingField", "reporterId is required: the site's id of the reader who reports.", field: "reporterId"));
        }

        if (report.ReporterId.Length > MaxReporterIdLength)
        {
            return (null, SubmissionReader.Problem(
                "InvalidField", $"reporterId is {report.ReporterId.Length} characters long; at most {MaxReporterIdLength} are accepted.", StatusCodes.Status422UnprocessableEntity, "reporterId"));
        }

        if (report.Reason is { } reason && !ReportService.Reasons.Contains(reason, StringComparer.Ordinal))
        {
            return (null, SubmissionReader.Problem(
                "InvalidField", $"reason must be one of {string.Join(", ", ReportService.Reasons)}, or left out ({ReportService.DefaultReason}).", StatusCodes.Status422UnprocessableEntity, "reason"));
        }

        return (report, null);
    }
}
