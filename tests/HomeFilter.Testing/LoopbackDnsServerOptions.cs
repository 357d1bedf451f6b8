using System.Net;

namespace HomeFilter.Testing;

/// <summary>How a <see cref="LoopbackDnsServer"/> is started.</summary>
public sealed class LoopbackDnsServerOptions
{
    /// <summary>A loopback address to bind (127.0.0.1 by default; 127.0.0.2 or ::1 work too).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Also serve DNS-over-TLS (RFC 7858) on a port of its own, with a fresh self-signed certificate.</summary>
    public bool EnableTls { get; init; }

    /// <summary>Also serve DNS-over-HTTPS (RFC 8484, POST to /dns-query; HTTP/2 or HTTP/1.1) on a port of its own, same certificate.</summary>
    public bool EnableHttps { get; init; }

    /// <summary>The certificate's subject and DNS name.</summary>
    public string TlsServerName { get; init; } = "dns.test";

    /// <summary>The UDP payload size this server puts in its own OPT record.</summary>
    public ushort UdpPayloadSize { get; init; } = 1232;
}
