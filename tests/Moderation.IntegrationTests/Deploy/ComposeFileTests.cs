using Moderation.IntegrationTests.Support;

namespace Moderation.IntegrationTests.Deploy;

/// <summary>
/// docker-compose.yml checked by Debian's docker-compose (1.29), which parses and validates the file
/// without a Docker engine; `docker compose` v2 reads the same Compose Specification.
/// </summary>
public sealed class ComposeFileTests
{
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

        var result = await ExternalTool.RunAsync(compose, ["-f", "docker-compose.yml", "config"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var config = result.Stdout;

        var services = (await ExternalTool.RunAsync(compose, ["-f", "docker-compose.yml", "config", "--services"])).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["moderation", "postgres", "rabbitmq", "sample-publisher"], services.Order(StringComparer.Ordinal));
        Assert.Contains("dockerfile: deploy/Dockerfile", config);
        Assert.Contains("rabbitmq:3.13-management", config);
        Assert.Contains("published: 15672", config); // the management UI
        // Every depends_on waits for health, and every service the others wait on has a health check.
        Assert.DoesNotContain("condition: service_started", config);
        Assert.Equal(3, config.Split("condition: service_healthy").Length - 1);
        Assert.Equal(3, config.Split("healthcheck:").Length - 1);
        Assert.Contains("Moderation__Bus__QuorumQueues: \"true\"", config);
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
