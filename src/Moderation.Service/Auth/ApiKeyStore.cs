using System.Security.Cryptography;
using System.Text;
using Dapper;
using Moderation.Service.Storage;

namespace Moderation.Service.Auth;

/// <summary>An API key as listed: its id and site, never the key or its hash.</summary>
public sealed record ApiKeyInfo(string KeyId, string SiteId, string Name, DateTimeOffset CreatedAt, string CreatedBy, bool Revoked);

/// <summary>
/// API keys for website backends, one site each. A key reads <c>mod_{id}_{secret}</c>; only its SHA-256
/// is stored (the secret has 256 random bits, so a slow hash adds nothing), and it is shown once.
/// </summary>
public sealed class ApiKeyStore(Database database, TimeProvider time)
{
    public async Task<(ApiKeyInfo Info, string Key)> CreateAsync(string siteId, string name, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteId);
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var key = $"mod_{keyId}_{PasswordHasher.Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var at = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO api_keys (key_id, site_id, name, key_hash, created_at, created_by) VALUES (@keyId, @siteId, @name, @hash, {database.Time("@at")}, @createdBy)",
            new { keyId, siteId, name = string.IsNullOrWhiteSpace(name) ? "unnamed" : name.Trim(), hash = Hash(key), at = SqlText.Iso(at), createdBy },
            cancellationToken: cancellationToken));
        return (new ApiKeyInfo(keyId, siteId, name, at, createdBy, false), key);
    }

    /// <summary>The key's id and site when the key is known and not revoked.</summary>
    public async Task<ApiKeyInfo?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return null;
        }

        return (await QueryAsync("WHERE key_hash = @hash AND revoked_at IS NULL", new { hash = Hash(key) }, cancellationToken)).SingleOrDefault();
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync("ORDER BY site_id, created_at", null, cancellationToken);

    public async Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE api_keys SET revoked_at = {database.Time("@at")} WHERE key_id = @keyId AND revoked_at IS NULL",
            new { keyId, at = SqlText.Iso(time.GetUtcNow()) }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM api_keys", cancellationToken: cancellationToken)) > 0;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private async Task<IReadOnlyList<ApiKeyInfo>> QueryAsync(string where, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT key_id AS KeyId, site_id AS SiteId, name AS Name, created_at AS CreatedAt, created_by AS CreatedBy, revoked_at AS RevokedAt FROM api_keys {where}",
            parameters, cancellationToken: cancellationToken));
        return rows.Select(r => new ApiKeyInfo(r.KeyId, r.SiteId, r.Name, SqlText.ReadTime(r.CreatedAt)!.Value, r.CreatedBy, r.RevokedAt is not null and not DBNull)).ToList();
    }

    private sealed class Row
    {
        public string KeyId { get; set; } = "";

        public string SiteId { get; set; } = "";

        public string Name { get; set; } = "";

        public object? CreatedAt { get; set; }

        public string CreatedBy { get; set; } = "";

        public object? RevokedAt { get; set; }
    }
}
