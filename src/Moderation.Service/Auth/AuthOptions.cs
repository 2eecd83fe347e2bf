namespace Moderation.Service.Auth;

/// <summary>Sign-in and first-run settings, bound from <c>Moderation:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Moderation:Auth";

    /// <summary>
    /// When no user exists at start-up, create an administrator "admin" with a random password (and an
    /// API key for <see cref="DemoSite"/>) and write them to <see cref="InitialCredentialsFile"/>. Never logged.
    /// </summary>
    public bool CreateInitialAdmin { get; set; } = true;

    /// <summary>
    /// Where the first-run credentials are written. Empty: next to the SQLite database as
    /// <c>initial-credentials.txt</c>; with PostgreSQL nothing is written unless this is set.
    /// </summary>
    public string? InitialCredentialsFile { get; set; }

    /// <summary>The site that gets a first API key on the first run, when it is configured.</summary>
    public string DemoSite { get; set; } = "demo";

    /// <summary>How long a moderator's sign-in lasts without activity, in hours (sliding).</summary>
    public double SessionHours { get; set; } = 12;

    /// <summary>
    /// Where the keys that protect the sign-in cookie are kept. Replicas behind one address must share
    /// them (a shared volume); empty keeps ASP.NET Core's per-machine default.
    /// </summary>
    public string? DataProtectionKeysPath { get; set; }

    /// <summary>Failed and successful sign-ins allowed per client address and minute.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 20;

    internal string? Validate()
    {
        if (SessionHours is <= 0 or > 24 * 30)
        {
            return $"{Section}:SessionHours must be between 0 and 720 (was {SessionHours}).";
        }

        return SignInAttemptsPerMinute < 1 ? $"{Section}:SignInAttemptsPerMinute must be at least 1 (was {SignInAttemptsPerMinute})." : null;
    }
}
