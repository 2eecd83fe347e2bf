using System.Text.RegularExpressions;
using Moderation.IntegrationTests.Support;

namespace Moderation.IntegrationTests.Deploy;

/// <summary>
/// deploy/Dockerfile read as text, so these run in a second without an engine. They catch what breaks a
/// build or a deployment most often: a COPY of a path that moved or that .dockerignore leaves out, a
/// project restored without its file, a root user, a health check that calls a tool the image lacks.
/// CI also builds the image for real and runs it (Deploy/ComposeStackTests).
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
    public void Every_project_the_service_references_is_copied_before_restore()
    {
        var beforeRestore = Dockerfile[..Dockerfile.IndexOf("dotnet restore", StringComparison.Ordinal)];
        var projects = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(["src/Moderation.Service/Moderation.Service.csproj"]);
        while (pending.TryPop(out var project))
        {
            if (!projects.Add(project))
            {
                continue;
            }

            var directory = Repository.PathOf(Path.GetDirectoryName(project)!);
            foreach (Match reference in ProjectReference().Matches(File.ReadAllText(Repository.PathOf(project))))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Groups["path"].Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repository.Root, full).Replace('\\', '/'));
            }
        }

        Assert.Contains("src/Moderation.Classifiers/Moderation.Classifiers.csproj", projects);
        foreach (var project in projects)
        {
            Assert.True(beforeRestore.Contains($"COPY {project} ", StringComparison.Ordinal), $"{project} is not copied before `dotnet restore` (NETSDK1004 in the image build)");
        }
    }

    [Fact]
    public void Base_images_are_the_official_ones_unless_a_build_argument_names_others()
    {
        Assert.Matches(@"(?m)^ARG SDK_IMAGE=mcr\.microsoft\.com/dotnet/sdk:10\.0$", Dockerfile);
        Assert.Matches(@"(?m)^ARG RUNTIME_IMAGE=mcr\.microsoft\.com/dotnet/aspnet:10\.0\S*-chiseled$", Dockerfile);
        Assert.Matches(@"(?m)^FROM \$\{SDK_IMAGE\} AS build$", Dockerfile);
        Assert.Matches(@"(?m)^FROM \$\{RUNTIME_IMAGE\} AS runtime$", Dockerfile);
        // A private CA reaches the restore step as a build secret, never as a file copied into a layer.
        Assert.Contains("--mount=type=secret,id=ca-bundle", Dockerfile);
        Assert.DoesNotMatch(@"(?im)^(COPY|ADD) .*\.(crt|pem)\b", Dockerfile);
    }

    [Fact]
    public void Runtime_stage_is_small_non_root_and_checks_its_own_health()
    {
        var runtime = Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

        Assert.Matches(@"(?m)^USER \$APP_UID", runtime);
        Assert.Contains("EXPOSE 8080", runtime);
        Assert.Contains("Urls=http://+:8080", runtime);
        // The chiseled image has no curl, wget or shell: the health check is the service's own verb, in exec form.
        Assert.Matches(@"CMD \[""dotnet"", ""/app/Moderation\.Service\.dll"", ""healthcheck""", runtime);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/Moderation.Service.dll\"]", runtime);
        Assert.DoesNotMatch(@"(?m)^[^#]*\b(curl|wget)\b", runtime);
    }

    [GeneratedRegex(@"<ProjectReference Include=""(?<path>[^""]+)""")]
    private static partial Regex ProjectReference();

    [GeneratedRegex(@"(?m)^COPY (?!--from)(?<sources>.+) \S+$")]
    private static partial Regex CopyLine();
}
