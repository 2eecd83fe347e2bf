using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Moderation.Service.Sites;

namespace Moderation.Service.Auth;

/// <summary>Moderators and admins sign in and out; the page asks who is signed in.</summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/v1/session").WithTags("Session");
        session.MapPost("/", SignInAsync).RequireRateLimiting(AuthRegistration.SignInRateLimit);
        session.MapGet("/", Me).RequireAuthorization(ModerationClaims.ModeratorPolicy);
        session.MapDelete("/", (Delegate)SignOutAsync);
        session.MapPost("/password", ChangePasswordAsync).RequireAuthorization(ModerationClaims.ModeratorPolicy).RequireRateLimiting(AuthRegistration.SignInRateLimit);
        return app;
    }

    public sealed record SignInRequest(string? UserName, string? Password);

    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

    public sealed record SessionResponse(string UserName, string DisplayName, string Role, IReadOnlyList<string> Sites);

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext context, UserStore users, IOptionsMonitor<SitesOptions> sites, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrEmpty(request.UserName) || string.IsNullOrEmpty(request.Password)
            ? null
            : await users.VerifyAsync(request.UserName, request.Password, cancellationToken);
        if (user is null)
        {
            loggers.CreateLogger(typeof(SessionApi)).LogWarning("A sign-in failed");
            return TypedResults.Problem(title: "InvalidCredentials", detail: "The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized,
                extensions: new Dictionary<string, object?> { ["code"] = "InvalidCredentials" });
        }

        var principal = user.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        loggers.CreateLogger(typeof(SessionApi)).LogInformation("{UserName} signed in", user.UserName);
        return TypedResults.Ok(Describe(principal, sites.CurrentValue));
    }

    private static Ok<SessionResponse> Me(ClaimsPrincipal user, IOptionsMonitor<SitesOptions> sites) => TypedResults.Ok(Describe(user, sites.CurrentValue));

    private static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, ClaimsPrincipal principal, UserStore users, CancellationToken cancellationToken)
    {
        var user = await users.VerifyAsync(principal.Actor(), request.CurrentPassword ?? "", cancellationToken);
        if (user is null)
        {
            return TypedResults.Problem(title: "InvalidCredentials", detail: "The current password is wrong.", statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["code"] = "InvalidCredentials" });
        }

        try
        {
            await users.UpsertAsync(user.UserName, user.DisplayName, request.NewPassword ?? "", user.Role, user.Sites, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(title: "InvalidPassword", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["code"] = "InvalidPassword" });
        }

        return TypedResults.NoContent();
    }

    /// <summary>The principal's sites, with "*" spelled out as the configured sites.</summary>
    internal static IReadOnlyList<string> SitesOf(ClaimsPrincipal principal, SitesOptions configured) =>
        principal.FindAll(ModerationClaims.Site).Any(c => c.Value == ModerationClaims.AllSites)
            ? configured.Sites.Keys.Order(StringComparer.Ordinal).ToList()
            : principal.FindAll(ModerationClaims.Site).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();

    private static SessionResponse Describe(ClaimsPrincipal principal, SitesOptions configured) => new(
        principal.Actor(),
        principal.FindFirstValue(ClaimTypes.GivenName) ?? principal.Actor(),
        principal.FindFirstValue(ClaimTypes.Role) ?? "",
        SitesOf(principal, configured));
}
