namespace HomeFilter.Resolver.Upstream;

/// <summary>How queries reach an upstream resolver.</summary>
public enum UpstreamProtocol : byte
{
    /// <summary>Plain DNS over UDP, retried over TCP when the answer is truncated (<c>ip:port</c>, <c>udp://ip:port</c>).</summary>
    Udp,

    /// <summary>Plain DNS over TCP only (<c>tcp://ip:port</c>).</summary>
    Tcp,

    /// <summary>DNS-over-TLS, RFC 7858 (<c>tls://host:853</c>, <c>tls://ip:853#name</c>).</summary>
    Tls,

    /// <summary>DNS-over-HTTPS, RFC 8484 (<c>https://host/dns-query</c>).</summary>
    Https,
}
