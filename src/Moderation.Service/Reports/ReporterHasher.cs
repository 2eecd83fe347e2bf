using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Moderation.Service.Storage;

namespace Moderation.Service.Reports;

/// <summary>
/// Turns a site's reporter id into a keyed hash (HMAC-SHA256 of site and id, 128 bits, hex): enough to
/// count a reader once per comment and to rate-limit them, never enough to say who they are. A plain
/// hash would not do: reporter ids are often small numbers or e-mail addresses, easy to hash in full.
/// The key comes from <c>Moderation:Reports:ReporterHashKey</c>, else from the store, where the
/// first replica that needs one generates it.
/// </summary>
public sealed class ReporterHasher(IOptions<ReportsOptions> options, Database database, TimeProvider time, ILogger<ReporterHasher> logger) : IDisposable
{
    internal const string SecretName = "reporter_hash_key";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key = options.Value.ReporterHashKey is { } configured ? Encoding.UTF8.GetBytes(configured) : null;

    public async Task<string> HashAsync(string siteId, string reporterId, CancellationToken cancellationToken)
    {
        var key = _key ?? await StoredKeyAsync(cancellationToken);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(siteId + "\n" + reporterId));
        return Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }

    public void Dispose() => _gate.Dispose();

    private async Task<byte[]> StoredKeyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is { } known)
            {
                return known;
            }

            await using var connection = await database.OpenAsync(cancellationToken);
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO service_secrets (name, value, created_at) VALUES (@name, @value, {database.Time("@at")}) ON CONFLICT (name) DO NOTHING",
                new { name = SecretName, value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), at = SqlText.Iso(time.GetUtcNow()) },
                cancellationToken: cancellationToken));
            var value = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT value FROM service_secrets WHERE name = @name", new { name = SecretName }, cancellationToken: cancellationToken));
            if (inserted > 0)
            {
                logger.LogWarning(
                    "{Key} is not set: generated a reporter hash key and stored it in {Store}; set one in the configuration to keep it apart from the data",
                    $"{ReportsOptions.Section}:ReporterHashKey", database.Description);
            }

            _key = Convert.FromBase64String(value!);
            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }
}
