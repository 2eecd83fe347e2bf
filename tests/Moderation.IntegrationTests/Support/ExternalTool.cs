using System.Diagnostics;
using System.Text;

namespace Moderation.IntegrationTests.Support;

/// <summary>
/// Runs a command-line tool (docker-compose, kubectl, node, python3) the way CI would. A missing
/// tool fails the test under CI (CI=true) and skips it elsewhere, saying how to install it.
/// </summary>
public static class ExternalTool
{
    /// <summary>The tool's full path: the first candidate that exists (a bare name is looked up on PATH).</summary>
    public static string Require(string install, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Find(candidate) is { } found)
            {
                return found;
            }
        }

        var message = $"{string.Join(" or ", candidates)} not found; {install} (.ci/services.sh does).";
        if (RealServices.InCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return "";
    }

    public static string? Find(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? name : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    public static async Task<Result> RunAsync(
        string file, IEnumerable<string> arguments, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Repository.Root,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', start.ArgumentList)} did not finish in time. stderr: {stderr}");
        }

        process.WaitForExit(); // drains the output events
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }
}
