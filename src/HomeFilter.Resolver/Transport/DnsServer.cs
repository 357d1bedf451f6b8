using System.Net;
using System.Net.Sockets;
using HomeFilter.Resolver.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Transport;

/// <summary>
/// Binds a UDP and a TCP listener on every configured address when the host starts. Every address is
/// bound before any is served, so a bad one stops the start with a clear message instead of half a server.
/// </summary>
public sealed class DnsServer(IQueryProcessor processor, IOptions<DnsOptions> options, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly List<UdpDnsListener> _udp = [];
    private readonly List<TcpDnsListener> _tcp = [];

    /// <summary>The bound UDP endpoints (with the real port when 0 was configured).</summary>
    public IReadOnlyList<IPEndPoint> UdpEndpoints => [.. _udp.Select(l => l.Endpoint)];

    /// <summary>The bound TCP endpoints.</summary>
    public IReadOnlyList<IPEndPoint> TcpEndpoints => [.. _tcp.Select(l => l.Endpoint)];

    /// <summary>How many ports "any port" tries for one UDP and TCP pair.</summary>
    private const int AnyPortAttempts = 20;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var logger = loggers.CreateLogger("HomeFilter.Dns");
        foreach (var text in settings.EffectiveListen)
        {
            IPEndPoint endpoint;
            try
            {
                endpoint = ListenEndpoint.Parse(text);
            }
            catch (FormatException e)
            {
                throw new ListenException(e.Message + " Fix HomeFilter:Dns:Listen.", e);
            }

            // Port 0 means "any": TCP takes the port UDP got, so a client can fall back to TCP on the same port. That
            // port may already be taken for TCP (by any connection's local port); then both try another.
            for (var attempt = 1; ; attempt++)
            {
                var udp = new UdpDnsListener(endpoint, processor, settings, logger);
                Bind("udp", endpoint, udp.Bind);
                var tcpEndpoint = endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, udp.Endpoint.Port) : endpoint;
                var tcp = new TcpDnsListener(tcpEndpoint, processor, settings, logger);
                try
                {
                    Bind("tcp", tcpEndpoint, tcp.Bind);
                }
                catch (ListenException e) when (endpoint.Port == 0 && attempt < AnyPortAttempts && e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
                {
                    // Neither listener has started: disposing only closes their sockets.
                    tcp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    continue;
                }

                _udp.Add(udp);
                _tcp.Add(tcp);
                break;
            }
        }

        foreach (var listener in _udp)
        {
            listener.Start();
        }

        foreach (var listener in _tcp)
        {
            listener.Start();
        }

        return Task.CompletedTask;
    }

    private static void Bind(string protocol, IPEndPoint endpoint, Action bind)
    {
        try
        {
            bind();
        }
        catch (SocketException e)
        {
            throw new ListenException(DescribeBindFailure(protocol, endpoint, e), e);
        }
    }

    /// <summary>One line: which address, why, and how to fix it.</summary>
    public static string DescribeBindFailure(string protocol, IPEndPoint endpoint, SocketException error)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(error);
        var where = $"Cannot serve DNS on {protocol} {endpoint}";
        return error.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse =>
                $"{where}: the address is already in use (another DNS server such as systemd-resolved or dnsmasq may hold it). Stop that server or choose another address, e.g. --listen {FreePortSuggestion(endpoint)}.",
            SocketError.AccessDenied =>
                $"{where}: permission denied (ports below 1024 need privileges). Run as root, grant the capability with 'sudo setcap cap_net_bind_service=+ep <path to dotnet or HomeFilter>', or choose a port above 1023, e.g. --listen {FreePortSuggestion(endpoint)}.",
            SocketError.AddressNotAvailable =>
                $"{where}: no interface of this machine has that address. Use one of its addresses, or 0.0.0.0 / [::] for all.",
            SocketError.AddressFamilyNotSupported =>
                $"{where}: this machine does not support that address family (IPv6 disabled?). Remove the address from HomeFilter:Dns:Listen.",
            _ => $"{where}: {error.Message} ({error.SocketErrorCode}). Check HomeFilter:Dns:Listen.",
        };
    }

    /// <summary>
    /// Another port on the same address for a hint: 5353 (the usual unprivileged DNS port) instead of a privileged
    /// one, otherwise the next port; never the port that just failed.
    /// </summary>
    internal static IPEndPoint FreePortSuggestion(IPEndPoint failed)
    {
        var port = failed.Port < 1024 ? 5353 : failed.Port < IPEndPoint.MaxPort ? failed.Port + 1 : failed.Port - 1;
        return new IPEndPoint(failed.Address, port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _udp)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var listener in _tcp)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _udp.Clear();
        _tcp.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
