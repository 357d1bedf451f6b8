using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Resolver.Transport;

/// <summary>Reads the IP bytes out of a native socket address without creating an <see cref="IPEndPoint"/>.</summary>
internal static class SocketAddressReader
{
    /// <summary>4 bytes for IPv4, 16 for IPv6 (sockaddr_in / sockaddr_in6 layouts).</summary>
    public static ReadOnlySpan<byte> AddressBytes(SocketAddress address)
    {
        var buffer = address.Buffer.Span;
        return address.Family == AddressFamily.InterNetworkV6 ? buffer.Slice(8, 16) : buffer.Slice(4, 4);
    }
}
