using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Moderation.Service.Auth;
using Moderation.Service.Storage;

namespace Moderation.Service.Tests.Admin;

/// <summary>The service's command-line verbs, run as an operator would, against an embedded store.</summary>
public sealed class AdminCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("moderation-cli-").FullName;

    private string DatabasePath => Path.Combine(_directory, "moderation.db");

    [Fact]
    public async Task Users_add_prints_a_generated_password_that_signs_in()
    {
        var (exit, output, _) = await RunAsync("users", "add", "cli-mia", "--role", "moderator", "--sites", "demo,test");

        Assert.Equal(0, exit);
        var password = output.Split('\n').Single(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..].Trim();
        await using var database = await OpenAsync();
        var user = await new UserStore(database, TimeProvider.System).VerifyAsync("cli-mia", password, TestContext.Current.CancellationToken);
        Assert.NotNull(user);
        Assert.Equal(["demo", "test"], user.Sites);
        Assert.Equal(Roles.Moderator, user.Role);
    }

    [Fact]
    public async Task Keys_add_prints_a_key_for_the_site_that_the_store_knows_only_by_hash()
    {
        var (exit, output, _) = await RunAsync("keys", "add", "--site", "demo", "--name", "www");

        Assert.Equal(0, exit);
        var key = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Trim();
        await using var database = await OpenAsync();
        var found = await new ApiKeyStore(database, TimeProvider.System).FindAsync(key, TestContext.Current.CancellationToken);
        Assert.Equal("demo", found?.SiteId);
    }

    [Fact]
    public async Task Export_labels_writes_the_train_format_header_to_stdout_and_refuses_unknown_sites()
    {
        var (exit, output, error) = await RunAsync("export-labels", "--site", "demo", "--task", "toxicity");
        var (unknownExit, _, unknownError) = await RunAsync("export-labels", "--site", "nowhere");

        Assert.Equal(0, exit);
        Assert.Equal("id\ttext\tlabel\n", output);
        Assert.Contains("exported 0 toxicity labels of site demo", error, StringComparison.Ordinal);
        Assert.NotEqual(0, unknownExit);
        Assert.Contains("--site must name a configured site", unknownError, StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans temporary folders
        }

        return ValueTask.CompletedTask;
    }

    private async Task<Database> OpenAsync()
    {
        var database = Database.Sqlite(DatabasePath);
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        return database;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Moderation.Service.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Moderation__Store__SqlitePath"] = DatabasePath;
        start.Environment["ConnectionStrings__Postgres"] = "";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
