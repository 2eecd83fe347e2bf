using Moderation.Service.Admin;
using Moderation.Service.Api;
using Moderation.Service.Auth;
using Moderation.Service.Bus;
using Moderation.Service.Health;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Hosting;
using Moderation.Service.Sites;
using Moderation.Service.Storage;
using Moderation.Service.Web;
using Serilog;

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
    builder.Services.AddModerationSites(builder.Configuration);
    builder.Services.AddModerationStore(builder.Configuration, builder.Environment);
    builder.Services.AddModerationPipeline();
    builder.Services.AddModerationBus(builder.Configuration);
    builder.Services.AddModerationAuth(builder.Configuration);
    builder.Services.AddModerationReviewQueue();
    builder.Services.AddProblemDetails();

    var app = builder.Build();
    app.UseSerilogRequestLogging();
    app.UseModerationWebPage();
    app.UseModerationAuth();
    app.MapModerationHealth();
    app.MapSessionApi();
    app.MapCommentsApi();
    app.MapReviewApi();
    app.MapAdminApi();
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
