using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>What a person checks about the certificate in use: names, expiry and the fingerprints a client can pin.</summary>
public sealed record CertificateDescription(
    string Subject,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IpAddresses,
    DateTimeOffset NotAfter,
    string Sha256Fingerprint,
    string SpkiPin)
{
    public static CertificateDescription Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var dns = new List<string>();
        var ips = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension names)
            {
                dns.AddRange(names.EnumerateDnsNames());
                foreach (var address in names.EnumerateIPAddresses())
                {
                    ips.Add(address.ToString());
                }
            }
        }

        return new CertificateDescription(certificate.Subject, dns, ips, certificate.NotAfter.ToUniversalTime(), Sha256FingerprintOf(certificate), SpkiPinOf(certificate));
    }

    /// <summary>SHA-256 of the certificate as colon-separated hex, the form <c>openssl x509 -fingerprint -sha256</c> prints.</summary>
    public static string Sha256FingerprintOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
    }

    /// <summary>Base64 SHA-256 of the SubjectPublicKeyInfo (RFC 7469), the pin stubby and kdig (<c>+tls-pin</c>) take.</summary>
    public static string SpkiPinOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The host names client IDs are read against: the DNS names, lower-case, a wildcard's <c>*.</c> removed, each once.</summary>
    public IReadOnlyList<string> HostNames()
    {
        var hosts = new List<string>();
        foreach (var name in DnsNames)
        {
            var host = (name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name).TrimEnd('.').ToLowerInvariant();
            if (host.Length > 0 && !hosts.Contains(host))
            {
                hosts.Add(host);
            }
        }

        // Longest first: with both dns.home.arpa and home.arpa, emma.dns.home.arpa reads as emma, not emma.dns.
        hosts.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        return hosts;
    }
}
