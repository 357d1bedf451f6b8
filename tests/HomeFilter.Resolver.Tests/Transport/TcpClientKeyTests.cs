using System.Net;
using HomeFilter.Resolver.Transport;

namespace HomeFilter.Resolver.Tests.Transport;

public class TcpClientKeyTests
{
    [Theory]
    [InlineData("192.168.1.20", "192.168.1.20", true)]
    [InlineData("192.168.1.20", "::ffff:192.168.1.20", true)] // IPv4-mapped counts as the IPv4 address
    [InlineData("192.168.1.20", "192.168.1.21", false)] // IPv4: one address each
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true)] // IPv6: the same /64
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("0.0.0.1", "::1", false)]
    public void Connections_count_against_an_ipv4_address_or_an_ipv6_64(string a, string b, bool same)
        => Assert.Equal(same, TcpClientKey.From(IPAddress.Parse(a)) == TcpClientKey.From(IPAddress.Parse(b)));
}
