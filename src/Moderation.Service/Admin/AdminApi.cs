using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Moderation.Service.Auth;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Sites;

namespace Moderation.Service.Admin;

/// <summary>Administrators manage users and API keys and export training labels: <c>/api/v1/admin/…</c>.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(ModerationClaims.AdminPolicy);
        admin.MapGet("/users", async (ClaimsPrincipal principal, UserStore users, CancellationToken ct) =>
            TypedResults.Ok((await users.ListAsync(ct)).Where(u => MayGrant(principal, u.Sites) || u.Sites.Any(principal.CanAccessSite)).ToList()));
        admin.MapPost("/users", CreateUserAsync);
        admin.MapDelete("/users/{userName}", DisableUserAsync);
        admin.MapGet("/keys", ListKeysAsync);
        admin.MapPost("/keys", CreateKeyAsync);
        admin.MapDelete("/keys/{keyId}", RevokeKeyAsync);
        admin.MapGet("/labels/{siteId}", ExportLabelsAsync);
        return app;
    }

    public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Password, string? Role, IReadOnlyList<string>? Sites);

    /// <summary>The user, and the password when the service generated it (shown once).</summary>
    public sealed record CreateUserResponse(ModerationUser User, string? Password);

    public sealed record CreateKeyRequest(string? SiteId, string? Name);

    /// <summary>The key itself is in this answer only; the service keeps its hash.</summary>
    public sealed record CreateKeyResponse(string KeyId, string SiteId, string Name, string Key);

    private static async Task<Results<Created<CreateUserResponse>, ProblemHttpResult>> CreateUserAsync(
        CreateUserRequest request, ClaimsPrincipal principal, UserStore users, ReviewStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MayGrant(principal, request.Sites ?? []))
        {
            return ReviewApi.Problem(StatusCodes.Status403Forbidden, "SiteForbidden", "You can only give others sites you administer yourself.");
        }

        if (await users.FindAsync(request.UserName ?? "", cancellationToken) is { } existing && !MayGrant(principal, existing.Sites))
        {
            return ReviewApi.Problem(StatusCodes.Status403Forbidden, "SiteForbidden", "This user works on sites you do not administer.");
        }

        var generated = string.IsNullOrEmpty(request.Password) ? PasswordHasher.NewPassword() : null;
        try
        {
            var user = await users.UpsertAsync(request.UserName ?? "", request.DisplayName, generated ?? request.Password!, request.Role ?? Roles.Moderator, request.Sites ?? [], cancellationToken);
            await audit.AppendAuditAsync(new AuditEntry(0, time.GetUtcNow(), principal.Actor(), "UserSaved", null, null, null, null, user.Role, null, $"{user.UserName}: {string.Join(' ', user.Sites)}"), cancellationToken);
            return TypedResults.Created($"/api/v1/admin/users/{Uri.EscapeDataString(user.UserName)}", new CreateUserResponse(user, generated));
        }
        catch (ArgumentException ex)
        {
            return ReviewApi.Problem(StatusCodes.Status400BadRequest, "InvalidUser", ex.Message);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DisableUserAsync(
        string userName, ClaimsPrincipal principal, UserStore users, ReviewStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (userName == principal.Actor())
        {
            return ReviewApi.Problem(StatusCodes.Status400BadRequest, "CannotDisableSelf", "You cannot disable your own account.");
        }

        if (await users.FindAsync(userName, cancellationToken) is { } existing && !MayGrant(principal, existing.Sites))
        {
            return ReviewApi.Problem(StatusCodes.Status403Forbidden, "SiteForbidden", "This user works on sites you do not administer.");
        }

        if (!await users.DisableAsync(userName, cancellationToken))
        {
            return ReviewApi.Problem(StatusCodes.Status404NotFound, "UnknownUser", $"There is no enabled user '{userName}'.");
        }

        await audit.AppendAuditAsync(new AuditEntry(0, time.GetUtcNow(), principal.Actor(), "UserDisabled", null, null, null, null, null, null, userName), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>An admin of some sites manages only people of those sites; "*" only an admin of every site.</summary>
    private static bool MayGrant(ClaimsPrincipal principal, IEnumerable<string> sites) =>
        sites.All(site => site == ModerationClaims.AllSites
            ? principal.FindAll(ModerationClaims.Site).Any(c => c.Value == ModerationClaims.AllSites)
            : principal.CanAccessSite(site));

    private static async Task<Ok<List<ApiKeyInfo>>> ListKeysAsync(ClaimsPrincipal principal, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(cancellationToken)).Where(k => principal.CanAccessSite(k.SiteId)).ToList());

    private static async Task<Results<Created<CreateKeyResponse>, ProblemHttpResult>> CreateKeyAsync(
        CreateKeyRequest request, ClaimsPrincipal principal, ApiKeyStore keys, IOptionsMonitor<SitesOptions> sites, ReviewStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.SiteId is null || !sites.CurrentValue.Sites.ContainsKey(request.SiteId))
        {
            return ReviewApi.Problem(StatusCodes.Status400BadRequest, "UnknownSite", $"There is no site '{request.SiteId}'.");
        }

        if (!principal.CanAccessSite(request.SiteId))
        {
            return ReviewApi.Problem(StatusCodes.Status403Forbidden, "SiteForbidden", $"You are not an administrator of site '{request.SiteId}'.");
        }

        var (info, key) = await keys.CreateAsync(request.SiteId, request.Name ?? "unnamed", principal.Actor(), cancellationToken);
        await audit.AppendAuditAsync(new AuditEntry(0, time.GetUtcNow(), principal.Actor(), "ApiKeyCreated", info.SiteId, null, null, null, null, null, $"{info.KeyId} {info.Name}"), cancellationToken);
        return TypedResults.Created($"/api/v1/admin/keys/{info.KeyId}", new CreateKeyResponse(info.KeyId, info.SiteId, info.Name, key));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        string keyId, ClaimsPrincipal principal, ApiKeyStore keys, ReviewStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = (await keys.ListAsync(cancellationToken)).FirstOrDefault(k => k.KeyId == keyId && !k.Revoked);
        if (key is null || !principal.CanAccessSite(key.SiteId))
        {
            return ReviewApi.Problem(StatusCodes.Status404NotFound, "UnknownKey", $"There is no active key '{keyId}' you may revoke.");
        }

        await keys.RevokeAsync(keyId, cancellationToken);
        await audit.AppendAuditAsync(new AuditEntry(0, time.GetUtcNow(), principal.Actor(), "ApiKeyRevoked", key.SiteId, null, null, null, null, null, keyId), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The site's human decisions as <c>id TAB text TAB label</c>, ready for the classifiers' train command.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportLabelsAsync(
        string siteId, ClaimsPrincipal principal, TrainingLabels labels, CancellationToken cancellationToken, string task = "spam")
    {
        if (!principal.CanAccessSite(siteId))
        {
            return ReviewApi.Problem(StatusCodes.Status403Forbidden, "SiteForbidden", $"You are not an administrator of site '{siteId}'.");
        }

        if (!ModeratorReasons.Tasks.Contains(task))
        {
            return ReviewApi.Problem(StatusCodes.Status400BadRequest, "UnknownTask", $"task must be one of: {string.Join(", ", ModeratorReasons.Tasks)}.");
        }

        await using var writer = new StringWriter();
        await labels.WriteTsvAsync(siteId, task, writer, cancellationToken);
        return TypedResults.File(new UTF8Encoding(false).GetBytes(writer.ToString()), "text/tab-separated-values; charset=utf-8", $"{siteId}-{task}-labels.tsv");
    }
}
