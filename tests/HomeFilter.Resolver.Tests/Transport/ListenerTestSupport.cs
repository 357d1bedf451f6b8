using System.Net;
using HomeFilter.Resolver.Configuration;
using HomeFilter.Resolver.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Tests.Transport;

internal static class ListenerTestSupport
{
    public static byte[] Query(ushort id, byte firstQuestionByte, int length = 17)
    {
        var packet = new byte[length];
        packet[0] = (byte)(id >> 8);
        packet[1] = (byte)id;
        packet[12] = firstQuestionByte;
        return packet;
    }

    public static async Task<DnsServer> StartAsync(IQueryProcessor processor, Action<DnsOptions>? configure = null)
    {
        // Port 0 gives a free UDP port, and TCP then takes the same number; another test process may hold that TCP
        // port already, so a clash means: try another port (the listener itself is not what these tests are about).
        for (var attempt = 1; ; attempt++)
        {
            var options = new DnsOptions { Listen = ["127.0.0.1:0"] };
            configure?.Invoke(options);
            var server = new DnsServer(processor, Options.Create(options), NullLoggerFactory.Instance);
            try
            {
                await server.StartAsync(CancellationToken.None);
                return server;
            }
            catch (ListenException) when (attempt < 5 && options.Listen is ["127.0.0.1:0"])
            {
                await server.DisposeAsync();
            }
        }
    }

    public static IPEndPoint Udp(this DnsServer server) => server.UdpEndpoints[0];

    public static IPEndPoint Tcp(this DnsServer server) => server.TcpEndpoints[0];
}
