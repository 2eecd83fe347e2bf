using System.Diagnostics;

namespace Moderation.Service.Tests;

/// <summary>Starts the real service process with a bad setting, as an operator would, and reads what it says.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Moderation__Sites__demo__Thresholds__SpamHold", "1.5", "Moderation:Sites:demo:Thresholds:SpamHold")]
    [InlineData("Moderation__Bus__ConcurrentMessageLimit", "0", "Moderation:Bus:ConcurrentMessageLimit")]
    [InlineData("Moderation__Sites__demo__MaxTextLength", "0", "Moderation:Sites:demo:MaxTextLength")]
    [InlineData("Moderation__Sites__demo__Flood__Mode", "On", "Moderation:Sites:demo:Flood:Mode")]
    [InlineData("Moderation__Sites__demo__Links__MaxLinks", "two", "Moderation:Sites:demo:Links:MaxLinks")]
    public async Task Refuses_to_start_with_a_bad_setting_and_names_the_key(string variable, string value, string key)
    {
        var (exitCode, output) = await RunServiceAsync((variable, value));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, output);
    }

    private static async Task<(int ExitCode, string Output)> RunServiceAsync(params (string Name, string Value)[] environment)
    {
        var directory = Directory.CreateTempSubdirectory("moderation-start-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Moderation.Service.dll"), "--urls", "http://127.0.0.1:0" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Moderation__Store__SqlitePath"] = Path.Combine(directory, "moderation.db");
        start.Environment["ConnectionStrings__RabbitMq"] = "";
        start.Environment["ConnectionStrings__Postgres"] = "";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The service kept running although its configuration is invalid.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
