namespace HomeFilter.Resolver.Configuration;

/// <summary>Settings of the DNS listeners, bound from <c>HomeFilter:Dns</c>. Fixed for the life of the process.</summary>
public sealed class DnsOptions
{
    public const string Section = "HomeFilter:Dns";

    /// <summary>Addresses to serve DNS on, UDP and TCP each, as <c>ip:port</c> or <c>[ipv6]:port</c>.</summary>
    public List<string> Listen { get; set; } = [];

    /// <summary>Client networks (CIDR) that get answers; everyone else gets REFUSED. Empty means the private networks.</summary>
    public List<string> AllowedClients { get; set; } = [];

    /// <summary>A TCP client idle for this long (no complete query) is disconnected.</summary>
    public int TcpIdleTimeoutMs { get; set; } = 10_000;

    /// <summary>Open TCP connections above this are closed at once.</summary>
    public int TcpMaxConnections { get; set; } = 1_000;

    /// <summary>
    /// Open TCP connections from one client (an IPv4 address, an IPv6 /64) above this are closed at once, so one
    /// client cannot take every connection. 32 leaves room for a NAT'd network of devices behind one address.
    /// </summary>
    public int TcpMaxConnectionsPerClient { get; set; } = 32;

    /// <summary>UDP queries in flight (waiting on an upstream) above this are dropped and counted.</summary>
    public int UdpMaxInFlight { get; set; } = 1_024;

    /// <summary>DNS over HTTPS for clients (<c>HomeFilter:Dns:Https</c>).</summary>
    public DnsHttpsOptions Https { get; set; } = new();

    /// <summary>DNS over TLS for clients and the server certificate (<c>HomeFilter:Dns:Tls</c>).</summary>
    public DnsTlsOptions Tls { get; set; } = new();

    /// <summary>DNS over QUIC for clients (<c>HomeFilter:Dns:Quic</c>).</summary>
    public DnsQuicOptions Quic { get; set; } = new();

    /// <summary>The listen list with its default (port 53 on every IPv4 and IPv6 interface) applied.</summary>
    public IReadOnlyList<string> EffectiveListen => Listen.Count > 0 ? Listen : ["0.0.0.0:53", "[::]:53"];

    /// <summary>The allowed client list with its default applied.</summary>
    public IReadOnlyList<string> EffectiveAllowedClients
        => AllowedClients.Count > 0 ? AllowedClients : Access.ClientNetworks.PrivateNetworks;
}
