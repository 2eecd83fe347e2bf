using k8s;
using k8s.Models;
using Moderation.IntegrationTests.Support;
using Moderation.Service.Bus;

namespace Moderation.IntegrationTests.Deploy;

/// <summary>
/// deploy/k8s checked offline, as far as this machine allows: the real kubectl maps and builds every
/// document (`apply --dry-run=client`, against a discovery-only fake API server, as there is no
/// cluster here), the official C# client's models parse each base manifest strictly (an unknown or
/// misspelt field fails), and the pieces are checked against each other and the service.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string K8s = Repository.PathOf("deploy", "k8s");

    [Fact]
    public async Task Kubectl_dry_run_applies_the_base_and_the_optional_KEDA_scaling()
    {
        var kubectl = ExternalTool.Require("apt-get install kubernetes-client", "kubectl");
        await using var api = await FakeKubernetesApi.StartAsync();
        var kubeconfig = await api.WriteKubeconfigAsync();
        try
        {
            var env = new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig };
            var kustomized = await ExternalTool.RunAsync(kubectl, ["apply", "--dry-run=client", "--validate=false", "-k", K8s], environment: env);
            var optional = await ExternalTool.RunAsync(kubectl, ["apply", "--dry-run=client", "--validate=false", "-f", Path.Combine(K8s, "optional")], environment: env);

            Assert.True(kustomized.ExitCode == 0, kustomized.ToString());
            Assert.True(optional.ExitCode == 0, optional.ToString());
            foreach (var created in new[] { "namespace/moderation", "configmap/moderation-config", "secret/moderation-credentials", "deployment.apps/moderation", "service/moderation", "poddisruptionbudget.policy/moderation" })
            {
                Assert.Contains($"{created} created (dry run)", kustomized.Stdout);
            }

            Assert.Contains("scaledobject.keda.sh/moderation created (dry run)", optional.Stdout);
            Assert.Contains("triggerauthentication.keda.sh/moderation-rabbitmq created (dry run)", optional.Stdout);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task Kubectl_dry_run_refuses_a_manifest_of_an_unknown_kind()
    {
        var kubectl = ExternalTool.Require("apt-get install kubernetes-client", "kubectl");
        await using var api = await FakeKubernetesApi.StartAsync();
        var kubeconfig = await api.WriteKubeconfigAsync();
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Path.Combine(K8s, "pdb.yaml"), TestContext.Current.CancellationToken)).Replace("policy/v1", "policy/v1beta7", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        try
        {
            var result = await ExternalTool.RunAsync(kubectl, ["apply", "--dry-run=client", "--validate=false", "-f", broken], environment: new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig });

            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            File.Delete(kubeconfig);
            File.Delete(broken);
        }
    }

    [Fact]
    public void Every_base_manifest_parses_strictly_with_the_official_client_models()
    {
        var files = Directory.GetFiles(K8s, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true);
            Assert.NotEmpty(objects);
        }

        var kustomization = File.ReadAllText(Path.Combine(K8s, "kustomization.yaml"));
        foreach (var file in files)
        {
            Assert.Contains($"- {Path.GetFileName(file)}", kustomization);
        }
    }

    [Fact]
    public void A_misspelt_field_fails_the_strict_parse()
    {
        var yaml = File.ReadAllText(Path.Combine(K8s, "deployment.yaml")).Replace("readinessProbe:", "readynessProbe:", StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(yaml, strict: true));
    }

    [Fact]
    public void Deployment_runs_several_probed_non_root_replicas_with_resources_configuration_and_secrets()
    {
        var deployment = Load<V1Deployment>("deployment.yaml");
        var configMap = Load<V1ConfigMap>("configmap.yaml");
        var secret = Load<V1Secret>("secret.yaml");
        var service = Load<V1Service>("service.yaml");
        var pdb = Load<V1PodDisruptionBudget>("pdb.yaml");

        Assert.True(deployment.Spec.Replicas >= 3);
        var podLabels = deployment.Spec.Template.Metadata.Labels;
        Assert.All(deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
        Assert.All(service.Spec.Selector, l => Assert.Equal(l.Value, podLabels[l.Key]));
        Assert.All(pdb.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
        Assert.True(pdb.Spec.MinAvailable.Value is { } min && int.Parse(min, System.Globalization.CultureInfo.InvariantCulture) < deployment.Spec.Replicas, "the PDB must allow one pod to move");

        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
        var port = Assert.Single(container.Ports);
        Assert.Equal(8080, port.ContainerPort); // deploy/Dockerfile: Urls=http://+:8080
        Assert.Equal(port.Name, container.LivenessProbe.HttpGet.Port.Value);
        Assert.Equal(port.Name, service.Spec.Ports.Single().TargetPort.Value);
        Assert.NotNull(container.Resources.Requests["cpu"]);
        Assert.NotNull(container.Resources.Requests["memory"]);
        Assert.NotNull(container.Resources.Limits["memory"]);
        Assert.True(deployment.Spec.Template.Spec.SecurityContext.RunAsNonRoot);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);

        Assert.Contains(container.EnvFrom, e => e.ConfigMapRef?.Name == configMap.Metadata.Name);
        Assert.Contains(container.EnvFrom, e => e.SecretRef?.Name == secret.Metadata.Name);
        Assert.Equal("true", configMap.Data["Moderation__Bus__QuorumQueues"]);
        Assert.Contains(configMap.Data.Keys, k => k.StartsWith("Moderation__Sites__", StringComparison.Ordinal));
        // Credentials live in the Secret, and only as placeholders.
        Assert.DoesNotContain(configMap.Data.Keys, k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
        Assert.All(secret.StringData.Values, v => Assert.Contains("REPLACE-ME", v));
    }

    [Fact]
    public void KEDA_scales_the_deployment_on_the_comments_queue()
    {
        var documents = File.ReadAllText(Path.Combine(K8s, "optional", "keda-scaledobject.yaml"));
        var deployment = Load<V1Deployment>("deployment.yaml");

        // KEDA's kinds are not in the client's models: read the YAML as plain maps.
        var scaledObject = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, object>>(documents.Split("\n---\n")[0]);
        var spec = (Dictionary<object, object>)scaledObject["spec"];
        Assert.Equal(deployment.Metadata.Name, ((Dictionary<object, object>)spec["scaleTargetRef"])["name"]);
        Assert.Equal(deployment.Spec.Replicas.ToString(), spec["minReplicaCount"]);
        var trigger = (Dictionary<object, object>)((List<object>)spec["triggers"]).Single();
        Assert.Equal("rabbitmq", trigger["type"]);
        Assert.Equal(new BusOptions().CommentsQueue, ((Dictionary<object, object>)trigger["metadata"])["queueName"]);
    }

    private static T Load<T>(string file) => Assert.IsType<T>(Assert.Single(KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(K8s, file)), strict: true)));
}
