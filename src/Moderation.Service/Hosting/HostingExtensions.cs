using Moderation.Core.Pipeline;
using Moderation.Core.Rules;
using Moderation.Service.Classification;
using Moderation.Service.Decisions;
using Moderation.Service.Telemetry;
using Serilog;
using Serilog.Formatting.Compact;

namespace Moderation.Service.Hosting;

public static class HostingExtensions
{
    /// <summary>
    /// Serilog from configuration ("Serilog" section), plain text in Development and compact JSON
    /// otherwise. Log ids, codes and scores; never comment text or personal data. Every event inside
    /// a trace carries <c>TraceId</c> and <c>SpanId</c>, so logs and traces find each other.
    /// </summary>
    public static WebApplicationBuilder AddModerationLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, config) =>
        {
            config.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services).Enrich.FromLogContext().Enrich.With<TraceContextEnricher>();
            if (builder.Environment.IsDevelopment() || builder.Configuration.GetValue<bool>("Moderation:Logging:PlainText"))
            {
                config.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {TraceId}{NewLine}{Exception}");
            }
            else
            {
                config.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        },
        // The host's logger belongs to its container, which flushes it on shutdown. Left static, it
        // would be closed by Program's Log.CloseAndFlush of any other host in the same process (test
        // hosts), silencing this one mid-run.
        preserveStaticLogger: true);
        return builder;
    }

    /// <summary>The pipeline and its stages; rules run in the order registered.</summary>
    public static IServiceCollection AddModerationPipeline(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRule, TermListRule>();
        services.AddSingleton<IRule, LinkRule>();
        services.AddSingleton<IRule, TextShapeRule>();
        services.AddModerationClassifiers();
        services.AddSingleton<ModerationPipeline>();
        services.AddSingleton<DecisionService>();
        // Registered before the bus, so it stops after it and writes the marks of the last messages.
        services.AddSingleton<PublishedMarks>();
        services.AddHostedService(sp => sp.GetRequiredService<PublishedMarks>());
        return services;
    }
}
