using System.Text.Json;
using Moderation.IntegrationTests.Support;

namespace Moderation.IntegrationTests.Examples;

/// <summary>
/// The publisher examples in deploy/examples run as a website backend would run them, against the
/// real broker and the service: each publishes the example comment as plain JSON and prints the decision.
/// </summary>
[Collection(RealServicesGroup.Name)]
public sealed class PublisherExampleTests(RealServices services, RealServiceHost host)
{
    [Fact]
    public async Task Node_example_publishes_a_comment_and_reads_its_decision()
    {
        services.Require();
        var node = ExternalTool.Require("apt-get install nodejs npm", "node");
        var example = Repository.PathOf("deploy", "examples", "node");
        if (!Directory.Exists(Path.Combine(example, "node_modules", "amqplib")))
        {
            ExternalTool.Require("run `npm ci` in deploy/examples/node", Path.Combine(example, "node_modules", "amqplib", "package.json"));
        }

        await AssertDecidedAsync(node, [Path.Combine(example, "publish-comment.js")], "example-node-");
    }

    [Fact]
    public async Task Python_example_publishes_a_comment_and_reads_its_decision()
    {
        services.Require();
        // Debian's python3 is the one python3-pika installs for; another python3 on PATH may lack it.
        var python = ExternalTool.Require("apt-get install python3-pika", "/usr/bin/python3", "python3");
        var pika = await ExternalTool.RunAsync(python, ["-c", "import pika"]);
        if (pika.ExitCode != 0)
        {
            ExternalTool.Require("apt-get install python3-pika", "/usr/lib/python3/dist-packages/pika/__init__.py");
        }

        await AssertDecidedAsync(python, [Repository.PathOf("deploy", "examples", "python", "publish_comment.py")], "example-python-");
    }

    private async Task AssertDecidedAsync(string runtime, string[] arguments, string idPrefix)
    {
        _ = host.Services; // the service consumes the comments queue
        var result = await ExternalTool.RunAsync(runtime, arguments, environment: new Dictionary<string, string>
        {
            ["AMQP_URL"] = services.RabbitMqUri,
            ["SITE_ID"] = "test",
            ["TIMEOUT_SECONDS"] = "30",
        }, timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]);
        var root = printed.RootElement;
        Assert.StartsWith(idPrefix, root.GetProperty("commentId").GetString());
        Assert.Equal("it-1", root.GetProperty("policyVersion").GetString()); // decided by this service, for this site
        // The example comment hides a banned term behind look-alike digits ("c1al1s").
        Assert.Equal("Rejected", root.GetProperty("outcome").GetString());
        Assert.Contains(root.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "BannedTerm");
    }
}
