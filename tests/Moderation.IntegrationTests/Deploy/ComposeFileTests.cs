using Moderation.IntegrationTests.Support;

namespace Moderation.IntegrationTests.Deploy;

/// <summary>
/// docker-compose.yml checked by Debian's docker-compose (1.29), which parses and validates the file
/// without a Docker engine; `docker compose` v2 reads the same Compose Specification. The file read with
/// its defaults: CI's image and port overrides are cleared. ComposeStackTests runs it for real.
/// </summary>
public sealed class ComposeFileTests
{
    /// <summary>The overridable settings, empty so that `${NAME:-default}` takes the default.</summary>
    private static readonly Dictionary<string, string> Defaults = new[]
    {
        "RABBITMQ_IMAGE", "POSTGRES_IMAGE", "MODERATION_IMAGE", "NODE_IMAGE", "SDK_IMAGE", "RUNTIME_IMAGE",
        "MODERATION_RABBITMQ_PUBLISH", "MODERATION_RABBITMQ_MANAGEMENT_PUBLISH", "MODERATION_POSTGRES_PUBLISH", "MODERATION_HTTP_PUBLISH",
    }.ToDictionary(name => name, _ => "");

    [Fact]
    public async Task Compose_file_is_valid_for_docker_compose()
    {
        var compose = ExternalTool.Require("apt-get install docker-compose", "docker-compose");

        var result = await ExternalTool.RunAsync(compose, ["-f", "docker-compose.yml", "config", "-q"]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Compose_stack_starts_in_health_order_with_the_service_built_from_deploy_Dockerfile()
    {
        var compose = ExternalTool.Require("apt-get install docker-compose", "docker-compose");

        var result = await ExternalTool.RunAsync(compose, ["-f", "docker-compose.yml", "config"], environment: Defaults);
        Assert.True(result.ExitCode == 0, result.ToString());
        var config = result.Stdout;

        var services = (await ExternalTool.RunAsync(compose, ["-f", "docker-compose.yml", "config", "--services"], environment: Defaults)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["moderation", "postgres", "rabbitmq", "sample-publisher"], services.Order(StringComparer.Ordinal));
        Assert.Contains("dockerfile: deploy/Dockerfile", config);
        Assert.Contains("rabbitmq:3.13-management", config);
        Assert.Contains("127.0.0.1:15672:15672/tcp", config); // the management UI
        // Every depends_on waits for health, and every service the others wait on has a health check.
        Assert.DoesNotContain("condition: service_started", config);
        Assert.Equal(3, config.Split("condition: service_healthy").Length - 1);
        Assert.Equal(3, config.Split("healthcheck:").Length - 1);
        Assert.Contains("Moderation__Bus__QuorumQueues: \"true\"", config);
        // The official images by default; the service read-only but for /tmp.
        Assert.Contains("image: postgres:15", config);
        Assert.Contains("image: moderation:dev", config);
        Assert.Contains("SDK_IMAGE: mcr.microsoft.com/dotnet/sdk:10.0", config);
        Assert.Contains("read_only: true", config);
    }

    [Fact]
    public async Task Every_published_port_listens_on_127_0_0_1_only()
    {
        var compose = ExternalTool.Require("apt-get install docker-compose", "docker-compose");

        var result = await ExternalTool.RunAsync(compose, ["-f", "docker-compose.yml", "config"], environment: Defaults);

        Assert.True(result.ExitCode == 0, result.ToString());
        var published = result.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- ", StringComparison.Ordinal) && l.EndsWith("/tcp", StringComparison.Ordinal)).ToList();
        Assert.Equal(["- 127.0.0.1:15672:15672/tcp", "- 127.0.0.1:5432:5432/tcp", "- 127.0.0.1:5672:5672/tcp", "- 127.0.0.1:8080:8080/tcp"], published.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Images_and_ports_follow_the_environment()
    {
        var compose = ExternalTool.Require("apt-get install docker-compose", "docker-compose");
        var overrides = new Dictionary<string, string>(Defaults)
        {
            ["RABBITMQ_IMAGE"] = "mirror.invalid/rabbitmq:3.13-management",
            ["POSTGRES_IMAGE"] = "mirror.invalid/postgres:15",
            ["MODERATION_HTTP_PUBLISH"] = "127.0.0.1:",
        };

        var result = await ExternalTool.RunAsync(compose, ["-f", "docker-compose.yml", "config"], environment: overrides);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("image: mirror.invalid/rabbitmq:3.13-management", result.Stdout);
        Assert.Contains("image: mirror.invalid/postgres:15", result.Stdout);
        Assert.Contains("- 127.0.0.1::8080/tcp", result.Stdout);
    }

    [Fact]
    public async Task The_validator_rejects_a_broken_compose_file()
    {
        var compose = ExternalTool.Require("apt-get install docker-compose", "docker-compose");
        var broken = Path.Combine(Path.GetTempPath(), $"compose-broken-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(
            broken,
            (await File.ReadAllTextAsync(Repository.PathOf("docker-compose.yml"), TestContext.Current.CancellationToken))
                .Replace("condition: service_healthy", "condition: service_sleepy", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);
        try
        {
            var result = await ExternalTool.RunAsync(compose, ["-f", broken, "--project-directory", Repository.Root, "config", "-q"]);

            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
