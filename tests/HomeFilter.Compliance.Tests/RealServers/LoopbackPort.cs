using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Compliance.Tests.RealServers;

/// <summary>A port free for both UDP and TCP on a loopback address, for a server that cannot bind port 0 and tell us.</summary>
internal static class LoopbackPort
{
    public static IPEndPoint Reserve(IPAddress address)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, 0));
            var endPoint = (IPEndPoint)udp.LocalEndPoint!;
            using var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(endPoint);
                return endPoint;
            }
            catch (SocketException) when (attempt < 20)
            {
                // taken for TCP by someone else: try another
            }
        }
    }
}
