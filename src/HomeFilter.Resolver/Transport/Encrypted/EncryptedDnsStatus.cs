namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>What <c>GET /api/resolver/encrypted</c> shows: where DoH, DoT and DoQ listen and the certificate they present.</summary>
public sealed record EncryptedDnsStatus(
    IReadOnlyList<string> HttpsListen,
    IReadOnlyList<string> TlsListen,
    IReadOnlyList<string> QuicListen,
    bool QuicAvailable,
    string? QuicUnavailableReason,
    EncryptedDnsCertificate? Certificate);

/// <summary>The certificate in use (after any reload).</summary>
public sealed record EncryptedDnsCertificate(
    string File,
    string Subject,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IpAddresses,
    DateTimeOffset NotAfter,
    string Sha256Fingerprint,
    string SpkiPin);
