using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Scoring;
using Moderation.Core.Sites;
using Moderation.Service.Auth;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Sites;
using Moderation.Service.Telemetry;

namespace Moderation.Service.SiteModels;

/// <summary>
/// Administrators manage a site's own models: <c>/api/v1/admin/sites/{siteId}/models/{task}…</c> — upload a
/// challenger, put it in shadow, promote it, retire it, roll the champion back. Admins of the site only;
/// every step is in the audit log and the metrics, and this replica serves the change before answering.
/// </summary>
public static class SiteModelsApi
{
    public static readonly IReadOnlyList<string> Tasks = ["spam", "toxicity"];

    public static IEndpointRouteBuilder MapSiteModelsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/admin/sites/{siteId}/models").WithTags("Site models")
            .RequireAuthorization(ModerationClaims.AdminPolicy)
            .AddEndpointFilter(AuthoriseAsync);
        models.MapGet("/{task}", ListAsync);
        models.MapPost("/{task}", UploadAsync);
        models.MapPost("/{task}/rollback", RollbackAsync);
        models.MapPost("/{task}/retrain", RetrainAsync);
        models.MapGet("/{task}/{version}", FindAsync);
        models.MapGet("/{task}/{version}/file", DownloadAsync);
        models.MapPost("/{task}/{version}/shadow", (string siteId, string task, string version, ClaimsPrincipal user, Steps steps, CancellationToken ct) =>
            steps.RunAsync(siteId, task, version, "shadowed", s => s.ShadowAsync(siteId, task, version, user.Actor(), ct), ct));
        models.MapPost("/{task}/{version}/promote", (string siteId, string task, string version, ClaimsPrincipal user, Steps steps, CancellationToken ct) =>
            steps.RunAsync(siteId, task, version, "promoted", s => s.PromoteAsync(siteId, task, version, user.Actor(), ct), ct));
        models.MapPost("/{task}/{version}/retire", (string siteId, string task, string version, ClaimsPrincipal user, Steps steps, CancellationToken ct) =>
            steps.RunAsync(siteId, task, version, "retired", s => s.RetireAsync(siteId, task, version, user.Actor(), ct), ct));
        return app;
    }

    /// <summary>A site's models for one task and what serves it.</summary>
    public sealed record SiteModelsView(
        string SiteId, string Task, string? Serving, string ServingSource, string? ServedHere, string? ShippedVersion, string? Shadow,
        int ShadowTrialComments, bool AutoPromote, IReadOnlyList<SiteModelInfo> Models);

    /// <summary>After a rollback: the model taken down, and the one that serves now (null: the shipped model, <see cref="ShippedVersion"/>).</summary>
    public sealed record RollbackResponse(SiteModelInfo RolledBack, SiteModelInfo? Serving, string? ShippedVersion);

    /// <summary>Unknown site: 404; a site the admin is not given: 403; a task other than spam and toxicity: 404. All before any data is read.</summary>
    private static async ValueTask<object?> AuthoriseAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var siteId = http.GetRouteValue("siteId") as string ?? "";
        if (!http.RequestServices.GetRequiredService<IOptionsMonitor<SitesOptions>>().CurrentValue.Sites.ContainsKey(siteId))
        {
            return ReviewApi.Problem(StatusCodes.Status404NotFound, "UnknownSite", $"There is no site '{siteId}'.");
        }

        if (!http.User.CanAccessSite(siteId))
        {
            return ReviewApi.Problem(StatusCodes.Status403Forbidden, "SiteForbidden", $"You are not an administrator of site '{siteId}'.");
        }

        if (http.GetRouteValue("task") is string task && !Tasks.Contains(task))
        {
            return ReviewApi.Problem(StatusCodes.Status404NotFound, "UnknownTask", $"There are no '{task}' models; the tasks are {string.Join(" and ", Tasks)}.");
        }

        return await next(context);
    }

    private static async Task<Ok<SiteModelsView>> ListAsync(
        string siteId, string task, SiteModelStore store, SiteModelCatalog catalog, ISiteSettingsProvider sites, IEnumerable<ModelClassifier> shipped, CancellationToken cancellationToken)
    {
        var models = await store.ListAsync(siteId, task, cancellationToken);
        var champion = models.FirstOrDefault(m => m.Role == SiteModelRoles.Champion);
        var shippedVersion = ShippedVersion(shipped, task);
        var settings = sites.Find(siteId)?.Models ?? new SiteModelSettings();
        return TypedResults.Ok(new SiteModelsView(
            siteId, task, champion?.Version ?? shippedVersion, champion is null ? "shipped" : "site",
            catalog.Find(siteId, task)?.Champion?.Version ?? shippedVersion, shippedVersion,
            models.FirstOrDefault(m => m.Role == SiteModelRoles.Shadow)?.Version, settings.ShadowComments, settings.AutoPromote, models));
    }

    private static async Task<Results<Ok<SiteModelInfo>, ProblemHttpResult>> FindAsync(string siteId, string task, string version, SiteModelStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(siteId, task, version, cancellationToken) is { } model ? TypedResults.Ok(model) : UnknownModel(siteId, task, version);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        string siteId, string task, string version, SiteModelStore store, CancellationToken cancellationToken)
    {
        var model = await store.FindAsync(siteId, task, version, cancellationToken);
        var bytes = model is null ? null : await store.ReadModelAsync(model.Id, cancellationToken);
        return bytes is null ? UnknownModel(siteId, task, version) : TypedResults.File(bytes, "application/zip", $"{siteId}-{version}.zip");
    }

    /// <summary>
    /// A challenger: the model zip as the raw body (<c>Content-Type: application/zip</c> or
    /// <c>application/octet-stream</c>), or multipart/form-data with a file part <c>model</c> and an optional
    /// part <c>report</c> (the comparison report, JSON). The model must load and be for this task.
    /// </summary>
    private static async Task<Results<Created<SiteModelInfo>, ProblemHttpResult>> UploadAsync(
        string siteId, string task, HttpContext http, SiteModelStore store, IOptions<SiteModelOptions> options, ModerationMetrics metrics,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxUploadBytes + limits.MaxReportBytes + 64 * 1024;
        }

        var (bytes, report, problem) = await ReadUploadAsync(http.Request, limits, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        LinearTextModel model;
        try
        {
            using var stream = new MemoryStream(bytes!, writable: false);
            model = ModelFile.Read(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or EndOfStreamException or NotSupportedException)
        {
            return ReviewApi.Problem(StatusCodes.Status400BadRequest, "InvalidModel", $"The upload is not a model file this service can read ({ex.GetType().Name}: {ex.Message}).");
        }

        if (model.Metadata.Task != task)
        {
            return ReviewApi.Problem(StatusCodes.Status400BadRequest, "WrongTask", $"The model is for task '{model.Metadata.Task}', not '{task}'.");
        }

        try
        {
            SiteModelStore.Verdict(report);
        }
        catch (FormatException ex)
        {
            return ReviewApi.Problem(StatusCodes.Status400BadRequest, "InvalidReport", ex.Message);
        }

        var info = await store.AddAsync(siteId, task, model.Metadata.Version, bytes!, report, http.User.Actor(), cancellationToken);
        if (info is null)
        {
            return ReviewApi.Problem(StatusCodes.Status409Conflict, "ModelExists", $"Site '{siteId}' already has {task} model {model.Metadata.Version}.");
        }

        metrics.SiteModelChanged(siteId, task, "uploaded");
        loggers.CreateLogger(typeof(SiteModelsApi)).LogInformation(
            "Site {SiteId} has a new {Task} challenger {ModelVersion} ({Bytes} bytes, report verdict {ChallengerWins})", siteId, task, info.Version, info.SizeBytes, info.ChallengerWins);
        return TypedResults.Created($"/api/v1/admin/sites/{Uri.EscapeDataString(siteId)}/models/{task}/{Uri.EscapeDataString(info.Version)}", info);
    }

    private static async Task<(byte[]? Model, string? Report, ProblemHttpResult? Problem)> ReadUploadAsync(HttpRequest request, SiteModelOptions limits, CancellationToken cancellationToken)
    {
        try
        {
            // Only multipart: curl --data-binary without a Content-Type sends the zip as a url-encoded "form",
            // which is answered below with how to send it.
            if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                var file = form.Files.GetFile("model") ?? (form.Files.Count == 1 && form.Files[0].Name != "report" ? form.Files[0] : null);
                if (file is null)
                {
                    return (null, null, ReviewApi.Problem(StatusCodes.Status400BadRequest, "MissingModel", "The form has no file part named 'model'."));
                }

                if (file.Length > limits.MaxUploadBytes)
                {
                    return (null, null, TooLarge("model", limits.MaxUploadBytes));
                }

                string? report = form["report"] is { Count: > 0 } field ? field.ToString() : null;
                if (form.Files.GetFile("report") is { } reportFile)
                {
                    if (reportFile.Length > limits.MaxReportBytes)
                    {
                        return (null, null, TooLarge("report", limits.MaxReportBytes));
                    }

                    using var reader = new StreamReader(reportFile.OpenReadStream(), Encoding.UTF8);
                    report = await reader.ReadToEndAsync(cancellationToken);
                }

                if (report is not null && Encoding.UTF8.GetByteCount(report) > limits.MaxReportBytes)
                {
                    return (null, null, TooLarge("report", limits.MaxReportBytes));
                }

                await using var modelStream = file.OpenReadStream();
                var model = await ReadAsync(modelStream, limits.MaxUploadBytes, cancellationToken);
                return model is { Length: 0 } ? (null, null, Empty()) : (model, string.IsNullOrWhiteSpace(report) ? null : report, null);
            }

            if (request.ContentType is { } type && !IsZip(type))
            {
                return (null, null, ReviewApi.Problem(StatusCodes.Status415UnsupportedMediaType, "UnsupportedContentType",
                    "Send the model zip as the body (Content-Type: application/zip or application/octet-stream), or as multipart/form-data with a file part 'model' and an optional part 'report'."));
            }

            if (request.ContentLength > limits.MaxUploadBytes)
            {
                return (null, null, TooLarge("model", limits.MaxUploadBytes));
            }

            var body = await ReadAsync(request.Body, limits.MaxUploadBytes, cancellationToken);
            return body switch
            {
                null => (null, null, TooLarge("model", limits.MaxUploadBytes)),
                { Length: 0 } => (null, null, Empty()),
                _ => (body, null, null),
            };
        }
        catch (InvalidDataException ex)
        {
            // The form reader's own limits, or a malformed multipart body.
            return (null, null, ReviewApi.Problem(StatusCodes.Status400BadRequest, "MalformedForm", $"The form could not be read: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, null, TooLarge("upload", limits.MaxUploadBytes));
        }
    }

    private static bool IsZip(string contentType) =>
        contentType.StartsWith("application/zip", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/x-zip-compressed", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>The stream's bytes, or null when there are more than <paramref name="max"/>.</summary>
    private static async Task<byte[]?> ReadAsync(Stream stream, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<Results<Ok<RollbackResponse>, ProblemHttpResult>> RollbackAsync(
        string siteId, string task, ClaimsPrincipal user, Steps steps, IEnumerable<ModelClassifier> shipped, CancellationToken cancellationToken)
    {
        var change = await steps.Store.RollbackAsync(siteId, task, user.Actor(), cancellationToken);
        if (change is not SiteModelChange.Changed changed)
        {
            return ReviewApi.Problem(StatusCodes.Status409Conflict, "NoChampion", $"Site '{siteId}' has no {task} model of its own serving: the shipped model already serves it.");
        }

        await steps.ChangedAsync(siteId, task, "rolled_back", changed, cancellationToken);
        return TypedResults.Ok(new RollbackResponse(changed.Model, changed.Displaced, ShippedVersion(shipped, task)));
    }

    /// <summary>What a retrain run now stored: the challenger, the comparison's decision and why, and whether it went into shadow.</summary>
    public sealed record RetrainResponse(string Version, string Decision, string Reason, bool Shadowed, SiteModelInfo Model);

    /// <summary>
    /// Retrains the site's model of the task now, whatever its retrain settings (an administrator asked): 200 with the
    /// stored challenger; 422 when there are too few labels; 409 when a retrain of it runs already or gave a model the site has.
    /// </summary>
    private static async Task<Results<Ok<RetrainResponse>, ProblemHttpResult>> RetrainAsync(
        string siteId, string task, SiteRetrainer retrainer, CancellationToken cancellationToken) =>
        await retrainer.RetrainAsync(siteId, task, cancellationToken) switch
        {
            RetrainOutcome.Trained t => TypedResults.Ok(new RetrainResponse(
                t.Model.Version, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(t.Decision.ToString()), t.Reason, t.Shadowed, t.Model)),
            RetrainOutcome.Waiting w => ReviewApi.Problem(StatusCodes.Status422UnprocessableEntity, "TooFewLabels", w.Why),
            RetrainOutcome.Unchanged u => ReviewApi.Problem(StatusCodes.Status409Conflict, "ModelExists",
                $"Retraining gave {task} model {u.Version}, which site '{siteId}' already has: no new labels since."),
            _ => ReviewApi.Problem(StatusCodes.Status409Conflict, "RetrainRunning", $"A retrain of site '{siteId}''s {task} model is running already."),
        };

    private static string? ShippedVersion(IEnumerable<ModelClassifier> shipped, string task) => shipped.FirstOrDefault(c => c.Task == task)?.Metadata?.Version;

    private static ProblemHttpResult UnknownModel(string siteId, string task, string version) =>
        ReviewApi.Problem(StatusCodes.Status404NotFound, "UnknownModel", $"Site '{siteId}' has no {task} model {version}.");

    private static ProblemHttpResult TooLarge(string what, long max) =>
        ReviewApi.Problem(StatusCodes.Status413PayloadTooLarge, "BodyTooLarge", $"The {what} is larger than the {max} bytes accepted.");

    private static ProblemHttpResult Empty() => ReviewApi.Problem(StatusCodes.Status400BadRequest, "EmptyModel", "The model file is empty.");

    /// <summary>Runs a lifecycle step, turns its outcome into an answer, and makes this replica serve the change.</summary>
    public sealed class Steps(SiteModelStore store, SiteModelCatalog catalog, ModerationMetrics metrics, ILogger<Steps> logger)
    {
        public SiteModelStore Store => store;

        public async Task<Results<Ok<SiteModelInfo>, ProblemHttpResult>> RunAsync(
            string siteId, string task, string version, string action, Func<SiteModelStore, Task<SiteModelChange>> step, CancellationToken cancellationToken)
        {
            var change = await step(store);
            switch (change)
            {
                case SiteModelChange.Changed changed:
                    await ChangedAsync(siteId, task, action, changed, cancellationToken);
                    return TypedResults.Ok(changed.Model);
                case SiteModelChange.NotFound:
                    return UnknownModel(siteId, task, version);
                case SiteModelChange.Lost:
                    var why = SiteModelStore.ReportReason((await store.FindAsync(siteId, task, version, cancellationToken))?.Report);
                    return ReviewApi.Problem(StatusCodes.Status409Conflict, "ChallengerLost",
                        $"The comparison report of {task} model {version} says it did not beat the serving model{(why is null ? "" : $" ({why})")}: it is never promoted.");
                case SiteModelChange.WrongRole wrong:
                    return ReviewApi.Problem(StatusCodes.Status409Conflict, "WrongRole", $"{task} model {version} is {wrong.Role}; it cannot be {action} from there{(wrong.Role == SiteModelRoles.Champion ? " (take a champion down with POST …/rollback)" : "")}.");
                default:
                    return ReviewApi.Problem(StatusCodes.Status409Conflict, "NotChanged", $"{task} model {version} was not {action}.");
            }
        }

        internal async Task ChangedAsync(string siteId, string task, string action, SiteModelChange.Changed changed, CancellationToken cancellationToken)
        {
            metrics.SiteModelChanged(siteId, task, action);
            logger.LogInformation("Site {SiteId}'s {Task} model {ModelVersion}: {Action}, {From} -> {Role}", siteId, task, changed.Model.Version, action, changed.From, changed.Model.Role);
            await catalog.RefreshNowAsync(cancellationToken);
        }
    }
}
