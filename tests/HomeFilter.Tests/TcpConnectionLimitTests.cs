using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;

namespace HomeFilter.Tests;

/// <summary>One client holding more TCP connections than the server has room for does not lock anyone else out.</summary>
public sealed class TcpConnectionLimitTests
{
    [Fact]
    public async Task A_client_holding_1100_idle_connections_does_not_stop_dig_over_tcp_from_another_address()
    {
        var dig = ExternalTool.Require("dig", "bind9-dnsutils");
        await using var upstream = LoopbackDnsServer.Start();
        upstream.Zone.AddA("bystander.test", "192.0.2.77");
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);

        // Any 127.0.0.0/8 address is loopback on Linux, and the default allowed networks include all of it.
        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < 1100; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                flood.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                try
                {
                    await socket.ConnectAsync(filter.Tcp);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    // Beyond the client's share: reset before the connect returned.
                }
            }

            for (var round = 0; round < 3; round++)
            {
                var (exit, output) = await ExternalTool.RunAsync(
                    dig,
                    ["@127.0.0.1", "-p", filter.Tcp.Port.ToString(CultureInfo.InvariantCulture), "-b", "127.0.0.3", "+tcp", "bystander.test", "A", "+tries=1", "+time=5"],
                    TimeSpan.FromSeconds(20));
                Assert.Equal(0, exit);
                Assert.Contains("status: NOERROR", output, StringComparison.Ordinal);
                Assert.Matches(@"bystander\.test\.\s+\d+\s+IN\s+A\s+192\.0\.2\.77", output);
            }

            // The flooding client keeps at most its share (32 by default); the rest were closed by the server.
            var open = 0;
            for (var attempt = 0; attempt < 100; attempt++)
            {
                open = 0;
                foreach (var socket in flood)
                {
                    if (socket.Connected && !(socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0))
                    {
                        open++;
                    }
                }

                if (open <= 32)
                {
                    break;
                }

                await Task.Delay(100);
            }

            Assert.Equal(32, open);
        }
        finally
        {
            flood.ForEach(s => s.Dispose());
        }
    }
}
