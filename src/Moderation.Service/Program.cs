using Moderation.Service.Admin;
using Moderation.Service.Api;
using Moderation.Service.Auth;
using Moderation.Service.Bus;
using Moderation.Service.Health;
using Moderation.Service.History;
using Moderation.Service.Hosting;
using Moderation.Service.Reports;
using Moderation.Service.ReviewQueue;
using Moderation.Service.SiteModels;
using Moderation.Service.Sites;
using Moderation.Service.Storage;
using Moderation.Service.Telemetry;
using Moderation.Service.Web;
using Serilog;

if (args is [HealthProbe.Verb, ..])
{
    return await HealthProbe.RunAsync(args);
}

// Stage one: a plain console logger until configuration is read; AddModerationLogging replaces it.
Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();

try
{
    if (AdminCommands.IsCommand(args))
    {
        return await AdminCommands.RunAsync(args);
    }

    var builder = WebApplication.CreateBuilder(args);
    builder.AddModerationLogging();
    builder.AddModerationTelemetry();
    builder.Services.AddModerationSites(builder.Configuration);
    builder.Services.AddModerationStore(builder.Configuration, builder.Environment);
    builder.Services.AddModerationPipeline();
    builder.Services.AddModerationHistory(builder.Configuration);
    builder.Services.AddModerationBus(builder.Configuration);
    builder.Services.AddModerationAuth(builder.Configuration);
    builder.Services.AddModerationReviewQueue();
    builder.Services.AddModerationReports(builder.Configuration);
    builder.Services.AddProblemDetails();

    var app = builder.Build();
    app.UseSerilogRequestLogging();
    app.UseModerationWebPage();
    app.UseModerationAuth();
    app.MapModerationHealth();
    app.MapModerationMetrics();
    app.MapSessionApi();
    app.MapCommentsApi();
    app.MapReportsApi();
    app.MapReviewApi();
    app.MapAdminApi();
    app.MapSiteModelsApi();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "The service stopped because of an error");
    return 1;
}
finally
{
    Log.CloseAndFlush();
}

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
