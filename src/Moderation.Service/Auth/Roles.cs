using System.Security.Claims;

namespace Moderation.Service.Auth;

/// <summary>Who may do what. Admins manage users and keys and see every site they are given.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Moderator = "moderator";

    public static bool IsValid(string role) => role is Admin or Moderator;
}

/// <summary>The claims the service issues, and the authorisation policies over them.</summary>
public static class ModerationClaims
{
    /// <summary>One claim per site the principal may work on; the value "*" means every site.</summary>
    public const string Site = "moderation:site";

    /// <summary>The API key's id, for keys (never the key itself).</summary>
    public const string KeyId = "moderation:key";

    public const string AllSites = "*";

    /// <summary>Signed-in moderators and admins (cookie).</summary>
    public const string ModeratorPolicy = "moderator";

    /// <summary>Signed-in admins (cookie).</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Website backends with an API key.</summary>
    public const string SiteKeyPolicy = "site-key";

    /// <summary>Either a website backend with a key or a signed-in moderator.</summary>
    public const string SiteOrModeratorPolicy = "site-or-moderator";

    public static bool CanAccessSite(this ClaimsPrincipal principal, string siteId)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindAll(Site).Any(c => c.Value == AllSites || string.Equals(c.Value, siteId, StringComparison.Ordinal));
    }

    /// <summary>The user name of a signed-in person, or "key:{id}" for an API key.</summary>
    public static string Actor(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirstValue(ClaimTypes.Name)
            ?? (principal.FindFirstValue(KeyId) is { } key ? $"key:{key}" : "anonymous");
    }
}
