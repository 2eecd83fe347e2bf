using System.Text;
using Microsoft.Extensions.Options;
using Moderation.Service.Auth;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Sites;
using Moderation.Service.Storage;

namespace Moderation.Service.Admin;

/// <summary>
/// Command-line verbs of the service, run against the configured store (same appsettings and
/// environment as the service) instead of starting it:
/// <c>users add|list</c>, <c>keys add|list|revoke</c>, <c>export-labels</c>. Secrets they create go to
/// standard output only; diagnostics go to standard error.
/// </summary>
public static class AdminCommands
{
    public const string Usage = """
        usage: Moderation.Service <command> [options]   (no command: run the service)
          users add NAME [--role moderator|admin] [--sites demo,other|*] [--display-name TEXT] [--password-stdin]
                                   adds (or resets) a user; prints a generated password unless --password-stdin
          users list
          keys add --site SITE [--name TEXT]      creates an API key for a website backend and prints it once
          keys list
          keys revoke KEY_ID
          export-labels --site SITE [--task spam|toxicity|moderation] [--out FILE]
                                   writes human decisions as id<TAB>text<TAB>label (the classifiers' train format)
        """;

    private static readonly string[] Verbs = ["users", "keys", "export-labels", "help", "--help"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args[0] is "help" or "--help")
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }

        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddModerationSites(builder.Configuration);
        builder.Services.AddModerationStore(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<TrainingLabels>();
        await using var app = builder.Build();
        var services = app.Services;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var ct = cancel.Token;
        await services.GetRequiredService<Migrator>().MigrateAsync(ct);

        try
        {
            return (args[0], args.ElementAtOrDefault(1)) switch
            {
                ("users", "add") => await AddUserAsync(services, args[2..], ct),
                ("users", "list") => await ListUsersAsync(services, ct),
                ("keys", "add") => await AddKeyAsync(services, args[2..], ct),
                ("keys", "list") => await ListKeysAsync(services, ct),
                ("keys", "revoke") => await RevokeKeyAsync(services, args[2..], ct),
                ("export-labels", _) => await ExportAsync(services, args[1..], ct),
                _ => Fail("unknown command"),
            };
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static async Task<int> AddUserAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? throw new ArgumentException("give the user name");
        var password = args.Contains("--password-stdin") ? (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "" : null;
        var generated = password is null ? PasswordHasher.NewPassword() : null;
        var sites = (Option(args, "--sites") ?? "*").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var user = await services.GetRequiredService<UserStore>().UpsertAsync(
            name, Option(args, "--display-name"), password ?? generated!, Option(args, "--role") ?? Roles.Moderator, sites, ct);
        Console.Out.WriteLine($"user {user.UserName} ({user.Role}, sites: {string.Join(',', user.Sites)})");
        if (generated is not null)
        {
            Console.Out.WriteLine($"password: {generated}");
        }

        return 0;
    }

    private static async Task<int> ListUsersAsync(IServiceProvider services, CancellationToken ct)
    {
        foreach (var u in await services.GetRequiredService<UserStore>().ListAsync(ct))
        {
            Console.Out.WriteLine($"{u.UserName}\t{u.Role}\t{string.Join(',', u.Sites)}\t{(u.Disabled ? "disabled" : "enabled")}");
        }

        return 0;
    }

    private static async Task<int> AddKeyAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var site = RequireSite(services, Option(args, "--site"));
        var (info, key) = await services.GetRequiredService<ApiKeyStore>().CreateAsync(site, Option(args, "--name") ?? "cli", "cli", ct);
        Console.Out.WriteLine($"key id {info.KeyId} for site {info.SiteId}; send it as {ApiKeyAuthenticationHandler.Header}:");
        Console.Out.WriteLine(key);
        return 0;
    }

    private static async Task<int> ListKeysAsync(IServiceProvider services, CancellationToken ct)
    {
        foreach (var k in await services.GetRequiredService<ApiKeyStore>().ListAsync(ct))
        {
            Console.Out.WriteLine($"{k.KeyId}\t{k.SiteId}\t{k.Name}\t{k.CreatedAt:u}\t{(k.Revoked ? "revoked" : "active")}");
        }

        return 0;
    }

    private static async Task<int> RevokeKeyAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var id = args.FirstOrDefault() ?? throw new ArgumentException("give the key id");
        return await services.GetRequiredService<ApiKeyStore>().RevokeAsync(id, ct) ? 0 : Fail($"no active key {id}");
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var site = RequireSite(services, Option(args, "--site"));
        var task = Option(args, "--task") ?? "spam";
        if (!ModeratorReasons.Tasks.Contains(task))
        {
            return Fail($"--task must be one of: {string.Join(", ", ModeratorReasons.Tasks)}");
        }

        var output = Option(args, "--out");
        await using var writer = output is null
            ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false))
            : new StreamWriter(output, append: false, new UTF8Encoding(false));
        var count = await services.GetRequiredService<TrainingLabels>().WriteTsvAsync(site, task, writer, ct);
        await Console.Error.WriteLineAsync($"exported {count} {task} labels of site {site}{(output is null ? "" : $" to {output}")}");
        return 0;
    }

    private static string RequireSite(IServiceProvider services, string? site)
    {
        var sites = services.GetRequiredService<IOptions<SitesOptions>>().Value.Sites;
        return site is not null && sites.ContainsKey(site)
            ? site
            : throw new ArgumentException($"--site must name a configured site ({string.Join(", ", sites.Keys)})");
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
