using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Moderation.Service.Auth;

public static class AuthRegistration
{
    public const string SignInRateLimit = "sign-in";

    /// <summary>
    /// Moderators and admins sign in with a password and get an HttpOnly, SameSite=Strict cookie;
    /// website backends send an API key. Unauthenticated API calls get 401, not a redirect.
    /// </summary>
    public static IServiceCollection AddModerationAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService<InitialCredentials>();

        // Settings are read when first needed, not here: configuration is complete only once the host is built.
        services.AddDataProtection().SetApplicationName("moderation");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<AuthOptions>, ILoggerFactory>((keys, auth, loggers) =>
        {
            if (!string.IsNullOrWhiteSpace(auth.Value.DataProtectionKeysPath))
            {
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(auth.Value.DataProtectionKeysPath), loggers);
            }
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((cookie, auth) =>
            cookie.ExpireTimeSpan = TimeSpan.FromHours(auth.Value.SessionHours));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "moderation.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = RevalidateAsync;
                options.Events.OnRedirectToLogin = context =>
                    AuthProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthenticated", "Sign in first: POST /api/v1/session.");
                options.Events.OnRedirectToAccessDenied = context =>
                    AuthProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.");
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(ModerationClaims.ModeratorPolicy, p => p
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireRole(Roles.Moderator, Roles.Admin))
            .AddPolicy(ModerationClaims.AdminPolicy, p => p
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireRole(Roles.Admin))
            .AddPolicy(ModerationClaims.SiteKeyPolicy, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireClaim(ModerationClaims.KeyId))
            .AddPolicy(ModerationClaims.SiteOrModeratorPolicy, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireClaim(ModerationClaims.Site));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        return services;
    }

    /// <summary>
    /// A cookie is only as good as the user behind it now: a disabled user is signed out at their next
    /// request, and a changed role or site list applies at once (one primary-key read per request).
    /// </summary>
    private static async Task RevalidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var user = name is null ? null : await users.FindAsync(name, context.HttpContext.RequestAborted);
        if (user is null || user.Disabled)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        var sites = context.Principal!.FindAll(ModerationClaims.Site).Select(c => c.Value).Order(StringComparer.Ordinal);
        if (!context.Principal.IsInRole(user.Role) || !sites.SequenceEqual(user.Sites.Order(StringComparer.Ordinal)))
        {
            context.ReplacePrincipal(user.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme));
            context.ShouldRenew = true;
        }
    }

    public static WebApplication UseModerationAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    private sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
            options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
