namespace HomeFilter.Resolver.Pipeline;

public enum DnsTransportKind : byte
{
    Udp,
    Tcp,

    /// <summary>DNS over TLS (RFC 7858).</summary>
    Tls,

    /// <summary>DNS over HTTPS (RFC 8484).</summary>
    Https,

    /// <summary>DNS over QUIC (RFC 9250).</summary>
    Quic,
}
