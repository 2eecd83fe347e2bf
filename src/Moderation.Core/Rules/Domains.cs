using System.Globalization;

namespace Moderation.Core.Rules;

/// <summary>Host names of links, and domain lists that cover their subdomains.</summary>
public static class Domains
{
    /// <summary>Well-known URL shorteners: a link through them hides where it goes.</summary>
    public static IReadOnlyList<string> BuiltInShorteners { get; } =
    [
        "bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly",
        "shorturl.at", "tiny.cc", "rb.gy", "t.ly", "v.gd", "bl.ink", "lnkd.in", "s.id", "shorte.st", "adf.ly",
        "soo.gd", "clck.ru", "qr.ae", "x.co", "trib.al", "dlvr.it", "snip.ly", "short.io", "tiny.one", "urlz.fr",
    ];

    private static readonly IdnMapping Idn = new();

    /// <summary>The lower-case host of a link written with or without a scheme, or null when it has none.</summary>
    public static string? HostOf(string link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var s = link.AsSpan().Trim();
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            s = s[(scheme + 3)..];
        }

        var end = s.IndexOfAny("/?#\\ ");
        if (end >= 0)
        {
            s = s[..end];
        }

        var at = s.LastIndexOf('@');
        if (at >= 0)
        {
            s = s[(at + 1)..]; // user:password@host
        }

        var port = s.LastIndexOf(':');
        if (port >= 0)
        {
            s = s[..port];
        }

        var host = s.ToString().TrimEnd('.').ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        if (host.Length == 0)
        {
            return null;
        }

        try
        {
            // Internationalised names compare in their ASCII form, so "раураl.com" is not "paypal.com" by accident.
            return Idn.GetAscii(host);
        }
        catch (ArgumentException)
        {
            return host;
        }
    }

    /// <summary>True when <paramref name="host"/> is <paramref name="domain"/> or one of its subdomains.</summary>
    public static bool IsUnder(string host, string domain)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(domain);
        return host.Equals(domain, StringComparison.OrdinalIgnoreCase)
            || (host.Length > domain.Length
                && host.EndsWith(domain, StringComparison.OrdinalIgnoreCase)
                && host[host.Length - domain.Length - 1] == '.');
    }

    /// <summary>The first domain of <paramref name="domains"/> that covers <paramref name="host"/>, or null.</summary>
    public static string? FindCovering(string host, IEnumerable<string> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        foreach (var d in domains)
        {
            if (IsUnder(host, d.Trim().TrimEnd('.')))
            {
                return d;
            }
        }

        return null;
    }

    /// <summary>A host name such as <c>example.com</c>: labels of letters, digits and hyphens, no scheme, path or wildcard.</summary>
    public static bool IsValidDomain(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return false;
        }

        var labels = domain.Trim().TrimEnd('.').Split('.');
        return labels.Length >= 1 && labels.All(l => l.Length is >= 1 and <= 63 && l.All(c => char.IsLetterOrDigit(c) || c == '-') && l[0] != '-' && l[^1] != '-');
    }
}
