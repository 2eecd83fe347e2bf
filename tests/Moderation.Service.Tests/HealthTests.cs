using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests;

public sealed class HealthTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    [Fact]
    public async Task Is_ready_when_store_and_bus_answer()
    {
        var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.True(body.GetProperty("checks").EnumerateObject().Count() >= 2, "the bus must be among the readiness checks");
    }

    [Fact]
    public async Task Is_live_without_running_any_check()
    {
        var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
    }
}
