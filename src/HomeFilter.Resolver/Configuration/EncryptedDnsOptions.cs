namespace HomeFilter.Resolver.Configuration;

/// <summary><c>HomeFilter:Dns:Https</c>: DNS over HTTPS for clients (RFC 8484). No listen address: off.</summary>
public sealed class DnsHttpsOptions
{
    /// <summary>Addresses (<c>ip:port</c>) the DoH server listens on, at the paths <c>/dns-query</c> and <c>/dns-query/{client-id}</c>.</summary>
    public List<string> Listen { get; set; } = [];
}

/// <summary><c>HomeFilter:Dns:Tls</c>: DNS over TLS for clients (RFC 7858) and the certificate every encrypted transport presents.</summary>
public sealed class DnsTlsOptions
{
    /// <summary>Addresses (<c>ip:port</c>) the DoT server listens on. No address: off.</summary>
    public List<string> Listen { get; set; } = [];

    /// <summary>PEM certificate (chain) presented by DoH, DoT and DoQ; re-read when the file changes.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }
}

/// <summary><c>HomeFilter:Dns:Quic</c>: DNS over QUIC for clients (RFC 9250), where the machine has libmsquic.</summary>
public sealed class DnsQuicOptions
{
    /// <summary>Addresses (<c>ip:port</c>) the DoQ server listens on. No address: off.</summary>
    public List<string> Listen { get; set; } = [];
}
