namespace Moderation.Service.Web;

/// <summary>
/// The moderators' page: static files from wwwroot (no build step), under a strict Content-Security-Policy.
/// Comment text is untrusted; the page renders it with textContent only, and the policy forbids inline
/// script and style, so even a rendering mistake could not run injected markup.
/// </summary>
public static class WebPage
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static WebApplication UseModerationWebPage(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            await next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // The page is small and changes with releases: always revalidate, so a deploy shows at once.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
