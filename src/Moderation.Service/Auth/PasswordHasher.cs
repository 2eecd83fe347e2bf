using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Moderation.Service.Auth;

/// <summary>
/// Passwords as PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> (base64), so the iteration count can rise later.
/// </summary>
public static class PasswordHasher
{
    /// <summary>Iterations for new hashes: about 50 ms on one core of the build machine.</summary>
    public const int Iterations = 100_000;

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(stored);
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A random password of 20 URL-safe characters (120 bits).</summary>
    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(15));

    internal static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
