using System.Net;
using System.Net.Sockets;
using HomeFilter.Resolver.Transport;
using static HomeFilter.Resolver.Tests.Transport.ListenerTestSupport;

namespace HomeFilter.Resolver.Tests.Transport;

public class DnsServerTests
{
    [Fact]
    public async Task Udp_and_tcp_share_the_port_when_port_zero_is_asked()
    {
        await using var server = await StartAsync(new EchoProcessor());
        Assert.NotEqual(0, server.Udp().Port);
        Assert.Equal(server.Udp().Port, server.Tcp().Port);
    }

    [Fact]
    public async Task An_address_in_use_stops_the_start_with_a_line_naming_it_and_the_fix()
    {
        using var occupier = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        occupier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)occupier.LocalEndPoint!).Port;

        var error = await Assert.ThrowsAsync<ListenException>(
            () => StartAsync(new EchoProcessor(), o => o.Listen = [$"127.0.0.1:{port}"]));
        Assert.Contains($"udp 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
        Assert.Contains("--listen", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"--listen 127.0.0.1:{port}.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", 53, "127.0.0.1:5353")]
    [InlineData("127.0.0.1", 5353, "127.0.0.1:5354")]
    [InlineData("0.0.0.0", 1023, "0.0.0.0:5353")]
    [InlineData("::1", 5353, "[::1]:5354")]
    [InlineData("127.0.0.1", 65535, "127.0.0.1:65534")]
    public void The_suggested_address_is_never_the_busy_one(string address, int port, string expected)
    {
        Assert.Equal(expected, DnsServer.FreePortSuggestion(new IPEndPoint(IPAddress.Parse(address), port)).ToString());
        var line = DnsServer.DescribeBindFailure("udp", new IPEndPoint(IPAddress.Parse(address), port), new SocketException((int)SocketError.AddressAlreadyInUse));
        Assert.EndsWith($"--listen {expected}.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_listen_address_is_reported_with_the_setting_to_fix()
    {
        var error = await Assert.ThrowsAsync<ListenException>(
            () => StartAsync(new EchoProcessor(), o => o.Listen = ["localhost:53"]));
        Assert.Contains("'localhost:53'", error.Message, StringComparison.Ordinal);
        Assert.Contains("HomeFilter:Dns:Listen", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SocketError.AccessDenied, "permission denied")]
    [InlineData(SocketError.AddressNotAvailable, "no interface")]
    [InlineData(SocketError.AddressAlreadyInUse, "already in use")]
    public void Bind_failures_are_explained(SocketError error, string expected)
    {
        var line = DnsServer.DescribeBindFailure("udp", new IPEndPoint(IPAddress.Any, 53), new SocketException((int)error));
        Assert.StartsWith("Cannot serve DNS on udp 0.0.0.0:53: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
