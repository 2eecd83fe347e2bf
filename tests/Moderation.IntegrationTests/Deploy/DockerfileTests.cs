using System.Text.RegularExpressions;
using Moderation.IntegrationTests.Support;

namespace Moderation.IntegrationTests.Deploy;

/// <summary>
/// deploy/Dockerfile read as text: no Docker engine runs here, so `docker build` cannot. These checks
/// catch what breaks a build or a deployment most often: a COPY of a path that moved or that
/// .dockerignore leaves out, a root user, a health check that calls a tool the image lacks.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(Repository.PathOf("deploy", "Dockerfile"));

    [Fact]
    public void Every_COPY_from_the_context_exists_and_is_not_ignored()
    {
        var ignored = File.ReadAllLines(Repository.PathOf(".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('!') && !l.StartsWith("**", StringComparison.Ordinal))
            .Select(l => l.TrimEnd('/'))
            .ToList();
        var sources = CopyLine().Matches(Dockerfile).SelectMany(m => m.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var path = Repository.PathOf(source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: no such file in the repository");
            Assert.DoesNotContain(ignored, i => source.TrimEnd('/') == i || source.StartsWith(i + "/", StringComparison.Ordinal) || (i.StartsWith("*.", StringComparison.Ordinal) && source.EndsWith(i[1..], StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Runtime_stage_is_small_non_root_and_checks_its_own_health()
    {
        var runtime = Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0[^\s]*-chiseled", runtime);
        Assert.Matches(@"(?m)^USER \$APP_UID", runtime);
        Assert.Contains("EXPOSE 8080", runtime);
        Assert.Contains("Urls=http://+:8080", runtime);
        // The chiseled image has no curl, wget or shell: the health check is the service's own verb, in exec form.
        Assert.Matches(@"CMD \[""dotnet"", ""/app/Moderation\.Service\.dll"", ""healthcheck""", runtime);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/Moderation.Service.dll\"]", runtime);
        Assert.DoesNotMatch(@"(?m)^[^#]*\b(curl|wget)\b", runtime);
    }

    [GeneratedRegex(@"(?m)^COPY (?!--from)(?<sources>.+) \S+$")]
    private static partial Regex CopyLine();
}
