using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Resolver.Upstream;

/// <summary>Opens TCP connections to an upstream; a host name is resolved by the system at each connect.</summary>
internal sealed class TcpConnector(UpstreamAddress address) : IStreamConnector
{
    public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = address.Address is { } ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Queries are small and latency-bound: never wait to coalesce them.
            socket.NoDelay = true;
            EndPoint remote = address.EndPoint is { } endpoint ? endpoint : new DnsEndPoint(address.Host, address.Port);
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
