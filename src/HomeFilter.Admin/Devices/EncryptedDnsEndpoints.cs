using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace HomeFilter.Admin.Devices;

/// <summary>
/// Where devices reach HomeFilter's encrypted DNS: the name they use (<c>HomeFilter:Dns:HostName</c>, else the first
/// DNS name of the certificate at <c>HomeFilter:Dns:Tls:CertificateFile</c>) and the DoH and DoT ports (from
/// <c>HomeFilter:Dns:Https:Listen</c> and <c>HomeFilter:Dns:Tls:Listen</c>; null when that server is not configured).
/// Problems are sentences for the person setting a device up.
/// </summary>
public sealed record EncryptedDnsEndpoints(string? Host, string HostSource, int? HttpsPort, int? TlsPort, IReadOnlyList<string> Problems)
{
    public const string HostNameKey = "HomeFilter:Dns:HostName";
    public const string HttpsListenKey = "HomeFilter:Dns:Https:Listen";
    public const string TlsListenKey = "HomeFilter:Dns:Tls:Listen";
    public const string CertificateFileKey = "HomeFilter:Dns:Tls:CertificateFile";
    public const int DefaultHttpsPort = 443;
    public const int DefaultTlsPort = 853;

    /// <summary>Whether any encrypted transport is configured.</summary>
    public bool Configured => HttpsPort is not null || TlsPort is not null;

    public static EncryptedDnsEndpoints Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var httpsPort = Port(configuration, HttpsListenKey, DefaultHttpsPort, problems);
        var tlsPort = Port(configuration, TlsListenKey, DefaultTlsPort, problems);
        string? host = null;
        var source = "none";
        IReadOnlyList<string> certificateNames = [];
        var certificateFile = configuration[CertificateFileKey];
        if (!string.IsNullOrWhiteSpace(certificateFile))
        {
            certificateNames = CertificateNames(certificateFile, problems);
        }

        if (configuration[HostNameKey] is { } configured && !string.IsNullOrWhiteSpace(configured))
        {
            host = configured.Trim().TrimEnd('.').ToLowerInvariant();
            source = "setting";
        }
        else if (FirstHost(certificateNames) is { } fromCertificate)
        {
            host = fromCertificate;
            source = "certificate";
        }

        if (httpsPort is null && tlsPort is null)
        {
            problems.Add("Neither DNS-over-HTTPS nor DNS-over-TLS is configured (HomeFilter:Dns:Https:Listen, HomeFilter:Dns:Tls:Listen).");
        }
        else if (host is null)
        {
            problems.Add("HomeFilter does not know the name devices reach it by: set HomeFilter:Dns:HostName (or give the TLS certificate a DNS name).");
        }
        else if (IPAddress.TryParse(host, out _))
        {
            problems.Add($"{host} is an address, not a name: the client ID of DNS-over-TLS travels in the name ({{id}}.{host}), so set HomeFilter:Dns:HostName to a DNS name.");
        }
        else if (tlsPort is not null && certificateNames.Count > 0 && !Covers(certificateNames, "x." + host))
        {
            problems.Add($"The certificate does not cover <client ID>.{host}: DNS-over-TLS devices will reject it. Add *.{host} to the certificate.");
        }

        if (tlsPort is { } port && port != DefaultTlsPort)
        {
            problems.Add($"DNS-over-TLS listens on port {port.ToString(CultureInfo.InvariantCulture)}; Android's Private DNS always uses port 853.");
        }

        return new EncryptedDnsEndpoints(host, source, httpsPort, tlsPort, problems);
    }

    /// <summary>
    /// The port of the first listen entry (<c>ip:port</c>, <c>[v6]:port</c>, <c>:port</c> or a bare port; the
    /// transport's own default when none is given), or null when the setting is absent.
    /// </summary>
    internal static int? Port(IConfiguration configuration, string key, int defaultPort, List<string>? problems = null)
    {
        var section = configuration.GetSection(key);
        var first = section.Value;
        if (string.IsNullOrWhiteSpace(first))
        {
            first = null;
            foreach (var child in section.GetChildren())
            {
                if (!string.IsNullOrWhiteSpace(child.Value))
                {
                    first = child.Value;
                    break;
                }
            }
        }

        if (first is null)
        {
            return null;
        }

        if (ParsePort(first, defaultPort) is { } port)
        {
            return port;
        }

        problems?.Add($"{key}: '{first}' is not ip:port; assuming port {defaultPort.ToString(CultureInfo.InvariantCulture)}.");
        return defaultPort;
    }

    internal static int? ParsePort(string text, int defaultPort)
    {
        var value = text.Trim();
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("tls://", StringComparison.OrdinalIgnoreCase))
        {
            value = value[(value.IndexOf("//", StringComparison.Ordinal) + 2)..].TrimEnd('/');
        }

        string? portText;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            portText = close + 1 < value.Length && value[close + 1] == ':' ? value[(close + 2)..] : null;
        }
        else if (value.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address: no port.
            portText = null;
        }
        else
        {
            var colon = value.LastIndexOf(':');
            portText = colon >= 0 ? value[(colon + 1)..] : value.All(char.IsAsciiDigit) ? value : null;
        }

        if (portText is null)
        {
            return defaultPort;
        }

        return int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : null;
    }

    /// <summary>The certificate's DNS names (SAN, else its common name), lower-case; empty with a problem when it cannot be read.</summary>
    internal static IReadOnlyList<string> CertificateNames(string path, List<string> problems)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            var names = new List<string>();
            foreach (var extension in certificate.Extensions)
            {
                if (extension is X509SubjectAlternativeNameExtension san)
                {
                    foreach (var name in san.EnumerateDnsNames())
                    {
                        names.Add(name.TrimEnd('.').ToLowerInvariant());
                    }
                }
            }

            if (names.Count == 0 && certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } common)
            {
                names.Add(common.TrimEnd('.').ToLowerInvariant());
            }

            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            problems.Add($"The certificate {path} cannot be read: {e.Message}");
            return [];
        }
    }

    /// <summary>The first plain name; a wildcard <c>*.host</c> gives <c>host</c> when there is no plain one.</summary>
    internal static string? FirstHost(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (!name.StartsWith("*.", StringComparison.Ordinal))
            {
                return name;
            }
        }

        foreach (var name in names)
        {
            return name[2..];
        }

        return null;
    }

    /// <summary>Whether a certificate name list covers <paramref name="name"/> (exactly or by a one-label wildcard).</summary>
    internal static bool Covers(IReadOnlyList<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (candidate == name)
            {
                return true;
            }

            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (candidate.StartsWith("*.", StringComparison.Ordinal) && dot > 0 && name[(dot + 1)..] == candidate[2..])
            {
                return true;
            }
        }

        return false;
    }
}
