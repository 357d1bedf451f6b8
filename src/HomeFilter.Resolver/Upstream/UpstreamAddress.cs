using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// One entry of <c>HomeFilter:Dns:Upstreams</c>, parsed. Accepted forms:
/// <list type="bullet">
/// <item><c>9.9.9.9</c>, <c>9.9.9.9:53</c>, <c>[2620:fe::fe]:53</c>, <c>udp://…</c>: plain DNS over UDP with TCP fallback (port 53 by default).</item>
/// <item><c>tcp://9.9.9.9:53</c>: plain DNS over TCP only.</item>
/// <item><c>tls://dns.quad9.net</c>, <c>tls://9.9.9.9:853#dns.quad9.net</c>: DNS-over-TLS (port 853 by default); the part after <c>#</c>
/// is the name the certificate must carry when the host is an address.</item>
/// <item><c>https://dns.quad9.net/dns-query</c>: DNS-over-HTTPS.</item>
/// </list>
/// Plain DNS needs an address, not a name: resolving the name of the resolver would need a resolver.
/// </summary>
public sealed class UpstreamAddress
{
    private UpstreamAddress(string text, UpstreamProtocol protocol, string host, IPAddress? address, int port, string? tlsServerName, Uri? uri)
    {
        Text = text;
        Protocol = protocol;
        Host = host;
        Address = address;
        Port = port;
        TlsServerName = tlsServerName;
        Uri = uri;
    }

    /// <summary>The entry exactly as configured: the name used in logs, metrics and the health view.</summary>
    public string Text { get; }

    public UpstreamProtocol Protocol { get; }

    /// <summary>The host as written (an address or a name), without brackets.</summary>
    public string Host { get; }

    /// <summary>The host's address when it is one; null for a name (resolved by the system when connecting).</summary>
    public IPAddress? Address { get; }

    public int Port { get; }

    /// <summary>The name the TLS certificate is checked against (TLS and HTTPS), or null to check the address.</summary>
    public string? TlsServerName { get; }

    /// <summary>The DNS-over-HTTPS endpoint.</summary>
    public Uri? Uri { get; }

    /// <summary>The address and port to connect to, when the host is an address.</summary>
    public IPEndPoint? EndPoint => Address is null ? null : new IPEndPoint(Address, Port);

    public override string ToString() => Text;

    /// <summary>Parses one entry; throws <see cref="FormatException"/> with a message that names the entry and says what is wrong.</summary>
    public static UpstreamAddress Parse(string text)
    {
        if (!TryParse(text, out var address, out var error))
        {
            throw new FormatException(error);
        }

        return address;
    }

    /// <summary>Parses one entry; on failure <paramref name="error"/> names the entry and says what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out UpstreamAddress? address, [NotNullWhen(false)] out string? error)
    {
        var reason = TryParseCore(text ?? string.Empty, out address);
        if (reason is null && address is not null)
        {
            error = null;
            return true;
        }

        error = $"Upstream '{text}' is invalid: {reason}.";
        return false;
    }

    /// <summary>Returns null on success, otherwise why the entry is wrong.</summary>
    private static string? TryParseCore(string text, out UpstreamAddress? result)
    {
        result = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return "the entry is empty";
        }

        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return ParsePlain(text, trimmed, UpstreamProtocol.Udp, out result);
        }

        var scheme = trimmed[..schemeEnd].ToLowerInvariant();
        var rest = trimmed[(schemeEnd + 3)..];
        return scheme switch
        {
            "udp" => ParsePlain(text, rest, UpstreamProtocol.Udp, out result),
            "tcp" => ParsePlain(text, rest, UpstreamProtocol.Tcp, out result),
            "tls" => ParseTls(text, rest, out result),
            "https" => ParseHttps(text, trimmed, out result),
            "http" => "DNS-over-HTTPS must use https://, queries in clear text over HTTP are not supported",
            _ => $"unknown scheme '{scheme}://' (use ip:port, tcp://ip:port, tls://host:853 or https://host/dns-query)",
        };
    }

    private static string? ParsePlain(string text, string authority, UpstreamProtocol protocol, out UpstreamAddress? result)
    {
        result = null;
        if (authority.IndexOfAny(['/', '#', '?', '@']) >= 0)
        {
            return "a plain DNS upstream is only an address and an optional port, like 9.9.9.9:53 or [2620:fe::fe]:53";
        }

        var error = ParseAuthority(authority, 53, out var host, out var address, out var port);
        if (error is not null)
        {
            return error;
        }

        if (address is null)
        {
            return $"plain DNS needs an IP address, and '{host}' is a name; use tls://{host} or https://{host}/dns-query, or the server's address";
        }

        result = new UpstreamAddress(text, protocol, host, address, port, null, null);
        return null;
    }

    private static string? ParseTls(string text, string rest, out UpstreamAddress? result)
    {
        result = null;
        string? serverName = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            serverName = rest[(hash + 1)..];
            rest = rest[..hash];
            if (!IsHostName(serverName))
            {
                return $"'{serverName}' after # is not a valid TLS server name";
            }
        }

        if (rest.IndexOfAny(['/', '?', '@']) >= 0)
        {
            return "a DNS-over-TLS upstream is tls://host:port with an optional #servername, without a path";
        }

        var error = ParseAuthority(rest, 853, out var host, out var address, out var port);
        if (error is not null)
        {
            return error;
        }

        result = new UpstreamAddress(text, UpstreamProtocol.Tls, host, address, port, serverName ?? (address is null ? host : null), null);
        return null;
    }

    private static string? ParseHttps(string text, string trimmed, out UpstreamAddress? result)
    {
        result = null;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "not a valid https:// URL";
        }

        if (uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return "a DNS-over-HTTPS URL takes no #fragment and no user name";
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        IPAddress.TryParse(host, out var address);
        if (address is null && !IsHostName(host))
        {
            return $"'{host}' is not a valid host name";
        }

        result = new UpstreamAddress(text, UpstreamProtocol.Https, host, address, uri.Port, address is null ? host : null, uri);
        return null;
    }

    /// <summary>host, host:port, [v6] or [v6]:port.</summary>
    private static string? ParseAuthority(string authority, int defaultPort, out string host, out IPAddress? address, out int port)
    {
        host = string.Empty;
        address = null;
        port = defaultPort;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return "missing ']' after the IPv6 address";
            }

            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (!after.StartsWith(':'))
                {
                    return $"unexpected '{after}' after the IPv6 address";
                }

                portText = after[1..];
            }

            if (!IPAddress.TryParse(host, out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return $"'{host}' is not a valid IPv6 address";
            }
        }
        else
        {
            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && authority.IndexOf(':', colon + 1) >= 0)
            {
                return "write an IPv6 address in brackets, e.g. [2620:fe::fe]:53";
            }

            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
            if (host.Length == 0)
            {
                return "the host is missing";
            }

            if (LooksNumeric(host))
            {
                // IPAddress.TryParse accepts shorthands like "1" or "10.1"; an upstream must be written out in full.
                if (!IPAddress.TryParse(host, out address) || address.AddressFamily != AddressFamily.InterNetwork
                    || !string.Equals(address.ToString(), host, StringComparison.Ordinal))
                {
                    return $"'{host}' is not a valid IPv4 address";
                }
            }
            else if (!IsHostName(host))
            {
                return $"'{host}' is neither an IP address nor a valid host name";
            }
        }

        if (address is not null && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            return "the unspecified address cannot be an upstream";
        }

        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return $"port '{portText}' must be a number from 1 to 65535";
        }

        return null;
    }

    private static bool LooksNumeric(string host)
    {
        foreach (var c in host)
        {
            if (c is not ((>= '0' and <= '9') or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Letters, digits and hyphens in dot-separated labels of 1–63 characters (a trailing dot allowed).</summary>
    private static bool IsHostName(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in trimmed.Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-'))
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
