using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Moderation.IntegrationTests.Support;

/// <summary>The service in-process with exactly the settings given (for tests that need their own broker user or vhost).</summary>
public sealed class ConfiguredServiceHost(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Waits until /health/ready says so, or fails with what it last said.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var client = CreateClient();
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The service did not become ready: {last}");
    }
}
