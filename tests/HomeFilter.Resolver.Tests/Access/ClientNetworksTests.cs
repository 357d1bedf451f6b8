using System.Net;
using HomeFilter.Resolver.Access;

namespace HomeFilter.Resolver.Tests.Access;

public class ClientNetworksTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.0.9", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("172.15.255.255", false)]
    [InlineData("192.168.1.20", true)]
    [InlineData("192.169.1.20", false)]
    [InlineData("169.254.3.4", true)]
    [InlineData("100.64.0.1", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("::1", true)]
    [InlineData("::2", false)]
    [InlineData("fe80::1", true)]
    [InlineData("febf::1", true)]
    [InlineData("fec0::1", false)]
    [InlineData("fd00::20", true)]
    [InlineData("fc00::1", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("::ffff:192.168.1.5", true)]
    [InlineData("::ffff:8.8.8.8", false)]
    public void Private_networks_are_the_default(string address, bool allowed)
    {
        var networks = ClientNetworks.Parse(ClientNetworks.PrivateNetworks);
        Assert.Equal(allowed, networks.Contains(IPAddress.Parse(address).GetAddressBytes()));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.200.1.1", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.32/28", "192.168.1.47", true)]
    [InlineData("192.168.1.32/28", "192.168.1.48", false)]
    [InlineData("192.168.1.20", "192.168.1.20", true)]
    [InlineData("192.168.1.20", "192.168.1.21", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/33", "2001:db8:8000::1", false)]
    [InlineData("fd00::20", "fd00::20", true)]
    public void Configured_networks_match_by_prefix(string cidr, string address, bool allowed)
    {
        var networks = ClientNetworks.Parse([cidr]);
        Assert.Equal(allowed, networks.Contains(IPAddress.Parse(address).GetAddressBytes()));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not-an-address")]
    [InlineData("10.0.0.0/")]
    [InlineData("")]
    public void Bad_entries_are_rejected_by_name(string cidr)
    {
        var error = Assert.Throws<FormatException>(() => ClientNetworks.Parse([cidr]));
        Assert.Contains($"'{cidr}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_address_is_never_allowed()
    {
        var networks = ClientNetworks.Parse(["0.0.0.0/0", "::/0"]);
        Assert.False(networks.Contains([]));
    }
}
