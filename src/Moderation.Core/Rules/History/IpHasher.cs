using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Moderation.Core.Rules.History;

/// <summary>
/// Turns an IP address into a keyed hash (HMAC-SHA256 of site and address, 128 bits, hex), so the
/// history can count comments per address without storing it. A plain hash would not do: the IPv4
/// space is small enough to hash in full. Every replica must use the same key.
/// </summary>
public sealed class IpHasher
{
    private readonly byte[] _key;

    public IpHasher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("The IP hash key must be at least 16 bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>A hasher keyed by a secret string (at least 16 characters).</summary>
    public static IpHasher FromSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return new IpHasher(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>The hash of the address on the site, or null when there is no usable address.</summary>
    public string? Hash(string siteId, string? ip)
    {
        ArgumentNullException.ThrowIfNull(siteId);
        if (string.IsNullOrWhiteSpace(ip))
        {
            return null;
        }

        var canonical = IPAddress.TryParse(ip.Trim(), out var address) ? Canonical(address) : ip.Trim();
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(siteId + "\n" + canonical));
        return Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }

    /// <summary>
    /// "::ffff:1.2.3.4" and "1.2.3.4" are the same sender; an IPv6 address counts by its /64 network,
    /// because one subscriber usually gets a whole /64 and can rotate through it at will.
    /// </summary>
    private static string Canonical(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
