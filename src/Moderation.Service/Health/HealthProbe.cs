namespace Moderation.Service.Health;

/// <summary>
/// <c>Moderation.Service healthcheck [url]</c>: asks a running instance whether it is live and exits
/// 0 or 1. The container's HEALTHCHECK uses it because the chiseled runtime image has no curl, wget
/// or shell; the service's own binary is the one tool that is certainly there.
/// </summary>
public static class HealthProbe
{
    public const string Verb = "healthcheck";

    /// <summary>Where the container listens (see deploy/Dockerfile); the liveness endpoint.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080/health/live";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(new Uri(url));
            await Console.Out.WriteLineAsync($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"{url}: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }
}
