namespace Moderation.IntegrationTests.Support;

/// <summary>
/// CI runs the integration tests twice, through the Debian services and through Testcontainers, and
/// says which by MODERATION_TEST_SERVICES_FROM. This proves each pass used the path it claims, so
/// neither can quietly turn into the other.
/// </summary>
public sealed class RealServicesSourceTests(RealServices services)
{
    [Fact]
    public void Services_come_from_where_CI_says()
    {
        var expected = Environment.GetEnvironmentVariable("MODERATION_TEST_SERVICES_FROM");
        if (string.IsNullOrEmpty(expected))
        {
            Assert.Skip("MODERATION_TEST_SERVICES_FROM is not set (CI sets it to environment or testcontainers).");
        }

        services.Require();
        switch (expected)
        {
            case "testcontainers":
                Assert.Equal(2, services.ContainerImages.Count);
                Assert.Equal(Environment.GetEnvironmentVariable("MODERATION_TEST_RABBITMQ_IMAGE") is { Length: > 0 } r ? r : RealServices.DefaultRabbitMqImage, services.ContainerImages[0]);
                Assert.Equal(Environment.GetEnvironmentVariable("MODERATION_TEST_POSTGRES_IMAGE") is { Length: > 0 } p ? p : RealServices.DefaultPostgresImage, services.ContainerImages[1]);
                Assert.DoesNotContain(":5672/", services.RabbitMqUri, StringComparison.Ordinal);
                break;
            case "environment":
                Assert.Empty(services.ContainerImages);
                Assert.Equal(Environment.GetEnvironmentVariable("MODERATION_TEST_RABBITMQ"), services.RabbitMqUri);
                break;
            default:
                Assert.Fail($"MODERATION_TEST_SERVICES_FROM={expected}: expected environment or testcontainers");
                break;
        }
    }
}
