using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Moderation.IntegrationTests.Support;

/// <summary>
/// Just enough of a Kubernetes API server for <c>kubectl apply --dry-run=client</c>: discovery of the
/// kinds the manifests use, and "not found" for every object, so kubectl maps each document to its
/// resource, builds it, and reports it "created (dry run)". There is no cluster on this machine and
/// no kube-apiserver among its packages. What it cannot do: server-side schema validation (kubectl
/// runs with --validate=false; the typed strict parse in <c>KubernetesManifestTests</c> covers fields).
/// A kind missing here is refused by kubectl, exactly as by a cluster without it.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private static readonly (string GroupVersion, string Plural, string Kind, bool Namespaced)[] Resources =
    [
        ("v1", "namespaces", "Namespace", false),
        ("v1", "configmaps", "ConfigMap", true),
        ("v1", "secrets", "Secret", true),
        ("v1", "services", "Service", true),
        ("apps/v1", "deployments", "Deployment", true),
        ("policy/v1", "poddisruptionbudgets", "PodDisruptionBudget", true),
        ("autoscaling/v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true),
        ("keda.sh/v1alpha1", "scaledobjects", "ScaledObject", true),
        ("keda.sh/v1alpha1", "triggerauthentications", "TriggerAuthentication", true),
    ];

    private readonly WebApplication _app;

    private FakeKubernetesApi(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/version", () => Results.Json(new { major = "1", minor = "32", gitVersion = "v1.32.0-fake" }));
        app.MapGet("/api", () => Results.Json(new { kind = "APIVersions", versions = new[] { "v1" }, serverAddressByClientCIDRs = new[] { new { clientCIDR = "0.0.0.0/0", serverAddress = "127.0.0.1" } } }));
        app.MapGet("/apis", () => Results.Json(new
        {
            kind = "APIGroupList",
            apiVersion = "v1",
            groups = Resources.Select(r => r.GroupVersion).Where(gv => gv.Contains('/', StringComparison.Ordinal)).Distinct().Select(gv => new
            {
                name = gv.Split('/')[0],
                versions = new[] { new { groupVersion = gv, version = gv.Split('/')[1] } },
                preferredVersion = new { groupVersion = gv, version = gv.Split('/')[1] },
            }),
        }));
        app.MapGet("/api/v1", () => ResourceList("v1"));
        app.MapGet("/apis/{group}/{version}", (string group, string version) => ResourceList($"{group}/{version}"));
        app.MapFallback((HttpContext http) => Results.Json(
            new { kind = "Status", apiVersion = "v1", status = "Failure", reason = "NotFound", code = 404, message = $"{http.Request.Path} not found" },
            statusCode: 404));
        await app.StartAsync();
        var api = new FakeKubernetesApi(app);
        api.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return api;
    }

    /// <summary>A kubeconfig pointing at this server, written to a temporary file.</summary>
    public async Task<string> WriteKubeconfigAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters: [{"{"}name: fake, cluster: {"{"}server: "{Url}"{"}"}{"}"}]
            contexts: [{"{"}name: fake, context: {"{"}cluster: fake, namespace: default{"}"}{"}"}]
            current-context: fake
            users: []
            """);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult ResourceList(string groupVersion)
    {
        var resources = Resources.Where(r => r.GroupVersion == groupVersion).ToList();
        return resources.Count == 0
            ? Results.NotFound()
            : Results.Json(new
            {
                kind = "APIResourceList",
                apiVersion = "v1",
                groupVersion,
                resources = resources.Select(r => new
                {
                    name = r.Plural,
                    singularName = r.Kind.ToLowerInvariant(),
                    namespaced = r.Namespaced,
                    kind = r.Kind,
                    verbs = new[] { "create", "delete", "get", "list", "patch", "update", "watch" },
                }),
            }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }
}
