using MassTransit;
using Microsoft.Extensions.Options;
using Moderation.Contracts;

namespace Moderation.Service.Bus;

public static class BusRegistration
{
    /// <summary>
    /// MassTransit with the comment consumer, on RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set,
    /// in memory otherwise. Messages travel as plain JSON (the contracts' shape, no envelope) so that
    /// backends in any language can publish comments and read decisions.
    /// </summary>
    public static IServiceCollection AddModerationBus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BusOptions>()
            .Bind(configuration.GetSection(BusOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BusOptions>, BusOptionsValidator>();

        // Start-up waits until the broker topology exists, so the first publisher never finds it missing;
        // shutdown gives in-flight messages time to finish before their deliveries are returned.
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        var rabbitMq = configuration.GetConnectionString("RabbitMq");
        services.AddMassTransit(x =>
        {
            // A self-hosted service makes no calls its operators did not ask for.
            x.DisableUsageTelemetry();
            x.AddConsumer<CommentSubmittedConsumer, CommentSubmittedConsumerDefinition>();
            if (string.IsNullOrWhiteSpace(rabbitMq))
            {
                x.AddDelayedMessageScheduler();
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UseDelayedMessageScheduler();
                    UsePlainJson(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbitMq));
                    UsePlainJson(cfg);
                    // Declare the decision exchanges at start, not at the first publish: a subscriber
                    // (or a publisher's example) can bind its queue before the first decision is made.
                    cfg.DeployPublishTopology = true;
                    cfg.Publish<CommentApproved>();
                    cfg.Publish<CommentRejected>();
                    cfg.Publish<CommentHeldForReview>();
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return services;
    }

    private static void UsePlainJson(IBusFactoryConfigurator cfg)
    {
        // Plain JSON out and in; MassTransit's envelope format is still understood by content type.
        // The message type travels in a transport header, so a subscriber can tell an approval from a
        // rejection; the comments endpoint alone accepts JSON without it (see the consumer definition).
        cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
        cfg.UseRawJsonDeserializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
    }

    private sealed class BusOptionsValidator : IValidateOptions<BusOptions>
    {
        public ValidateOptionsResult Validate(string? name, BusOptions options) =>
            options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
