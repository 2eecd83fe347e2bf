using System.Security.Claims;
using Dapper;
using Moderation.Service.Storage;

namespace Moderation.Service.Auth;

/// <summary>A moderator or admin as stored; never carries the password hash outside this class.</summary>
public sealed record ModerationUser(string UserName, string DisplayName, string Role, IReadOnlyList<string> Sites, DateTimeOffset CreatedAt, bool Disabled)
{
    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, UserName),
            new(ClaimTypes.GivenName, DisplayName),
            new(ClaimTypes.Role, Role),
        };
        claims.AddRange(Sites.Select(s => new Claim(ModerationClaims.Site, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}

/// <summary>Users who sign in to the review queue.</summary>
public sealed class UserStore(Database database, TimeProvider time)
{
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Adds a user, or replaces the password, role and sites of an existing one.</summary>
    public async Task<ModerationUser> UpsertAsync(string userName, string? displayName, string password, string role, IReadOnlyList<string> sites, CancellationToken cancellationToken)
    {
        Validate(userName, password, role, sites);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO users (user_name, display_name, password_hash, role, sites, created_at)
            VALUES (@UserName, @DisplayName, @Hash, @Role, @Sites, {database.Time("@At")})
            ON CONFLICT (user_name) DO UPDATE SET display_name = excluded.display_name, password_hash = excluded.password_hash,
                role = excluded.role, sites = excluded.sites, disabled_at = NULL
            """,
            new
            {
                UserName = userName,
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim(),
                Hash = PasswordHasher.Hash(password),
                Role = role,
                Sites = string.Join(' ', sites),
                At = SqlText.Iso(time.GetUtcNow()),
            },
            cancellationToken: cancellationToken));
        return (await FindAsync(userName, cancellationToken))!;
    }

    public async Task<ModerationUser?> FindAsync(string userName, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE user_name = @userName", new { userName }, cancellationToken)).Select(r => r.User).SingleOrDefault();

    public async Task<IReadOnlyList<ModerationUser>> ListAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("ORDER BY user_name", null, cancellationToken)).Select(r => r.User).ToList();

    /// <summary>The user, when the name exists, is enabled and the password matches; null otherwise.</summary>
    public async Task<ModerationUser?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var found = (await QueryAsync("WHERE user_name = @userName", new { userName }, cancellationToken)).Cast<(ModerationUser User, string Hash)?>().SingleOrDefault();
        if (found is null)
        {
            // Same cost as a real check, so response time does not tell which names exist.
            PasswordHasher.Verify(password, DummyHash);
            return null;
        }

        var (user, hash) = found.Value;
        return PasswordHasher.Verify(password, hash) && !user.Disabled ? user : null;
    }

    public async Task<bool> DisableAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE users SET disabled_at = {database.Time("@At")} WHERE user_name = @userName AND disabled_at IS NULL",
            new { userName, At = SqlText.Iso(time.GetUtcNow()) }, cancellationToken: cancellationToken)) > 0;
    }

    internal static void Validate(string userName, string password, string role, IReadOnlyList<string> sites)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 64 || userName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException("The user name must be 1 to 64 characters without spaces.", nameof(userName));
        }

        if (password is null || password.Length < 12)
        {
            throw new ArgumentException("The password must have at least 12 characters.", nameof(password));
        }

        if (!Roles.IsValid(role))
        {
            throw new ArgumentException($"The role must be '{Roles.Admin}' or '{Roles.Moderator}'.", nameof(role));
        }

        if (sites.Count == 0 || sites.Any(s => string.IsNullOrWhiteSpace(s) || s.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("Give at least one site id, or \"*\" for every site.", nameof(sites));
        }
    }

    private static readonly string DummyHash = PasswordHasher.Hash("not a password of anyone");

    private async Task<IEnumerable<(ModerationUser User, string Hash)>> QueryAsync(string where, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT user_name AS UserName, display_name AS DisplayName, password_hash AS PasswordHash, role AS Role, sites AS Sites, created_at AS CreatedAt, disabled_at AS DisabledAt FROM users {where}",
            parameters, cancellationToken: cancellationToken));
        return rows.Select(r => (new ModerationUser(
            r.UserName, r.DisplayName, r.Role, r.Sites.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            SqlText.ReadTime(r.CreatedAt)!.Value, r.DisabledAt is not null and not DBNull), r.PasswordHash)).ToList();
    }

    private sealed class Row
    {
        public string UserName { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public string PasswordHash { get; set; } = "";

        public string Role { get; set; } = "";

        public string Sites { get; set; } = "";

        public object? CreatedAt { get; set; }

        public object? DisabledAt { get; set; }
    }
}
