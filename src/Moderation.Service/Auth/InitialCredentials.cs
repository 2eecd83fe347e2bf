using System.Text;
using Microsoft.Extensions.Options;
using Moderation.Service.Sites;
using Moderation.Service.Storage;

namespace Moderation.Service.Auth;

/// <summary>
/// The first run on the embedded defaults must let someone in without setup: when no user exists,
/// an administrator with a random password (and an API key for the demo site) is created and written
/// to a file next to the database, readable only by its owner. Secrets never go to the log.
/// </summary>
internal sealed class InitialCredentials(
    UserStore users, ApiKeyStore keys, Database database, IOptions<AuthOptions> options, IOptions<StoreOptions> store,
    IOptionsMonitor<SitesOptions> sites, IHostEnvironment environment, ILogger<InitialCredentials> logger) : IHostedService
{
    public const string AdminUserName = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.CreateInitialAdmin || await users.AnyAsync(cancellationToken))
        {
            return;
        }

        var file = FilePath(settings);
        if (file is null)
        {
            logger.LogWarning(
                "No user can sign in yet. Create one with the 'users add' command, or set {Key} to have the first administrator written to a file",
                AuthOptions.Section + ":InitialCredentialsFile");
            return;
        }

        var password = PasswordHasher.NewPassword();
        await users.UpsertAsync(AdminUserName, "Administrator", password, Roles.Admin, [ModerationClaims.AllSites], cancellationToken);
        var text = new StringBuilder()
            .AppendLine("# Moderation: first sign-in. Written once, because no user existed. Sign in at the service's address,")
            .AppendLine("# add your own users ('users add' command or POST /api/v1/admin/users), then delete this file.")
            .AppendLine($"user: {AdminUserName}")
            .AppendLine($"password: {password}");
        if (sites.CurrentValue.Sites.ContainsKey(settings.DemoSite) && !await keys.AnyAsync(cancellationToken))
        {
            var (_, key) = await keys.CreateAsync(settings.DemoSite, "first-run demo key", "system", cancellationToken);
            text.AppendLine($"api key for site '{settings.DemoSite}' (header {ApiKeyAuthenticationHandler.Header}): {key}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, text.ToString(), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        logger.LogWarning("Created the first administrator '{UserName}'; the password is in {File}", AdminUserName, file);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string? FilePath(AuthOptions settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.InitialCredentialsFile))
        {
            return Path.GetFullPath(settings.InitialCredentialsFile, environment.ContentRootPath);
        }

        if (database.Dialect != SqlDialect.Sqlite)
        {
            return null;
        }

        var db = Path.GetFullPath(store.Value.SqlitePath, environment.ContentRootPath);
        return Path.Combine(Path.GetDirectoryName(db)!, "initial-credentials.txt");
    }
}
