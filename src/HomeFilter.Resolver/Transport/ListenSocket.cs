using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Resolver.Transport;

/// <summary>Creates and binds a listening socket the way both transports need it.</summary>
internal static class ListenSocket
{
    /// <summary>
    /// Binds a socket to <paramref name="endpoint"/> after <paramref name="configure"/> sets its options; the socket is
    /// disposed if anything fails. <c>[::]</c> serves IPv6 only, so it can sit beside 0.0.0.0 on the same port.
    /// </summary>
    public static Socket Bind(IPEndPoint endpoint, SocketType type, ProtocolType protocol, Action<Socket> configure)
    {
        var socket = new Socket(endpoint.AddressFamily, type, protocol);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            configure(socket);
            socket.Bind(endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
