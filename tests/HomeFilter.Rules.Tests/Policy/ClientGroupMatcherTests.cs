using System.Net;
using HomeFilter.Rules.Policy;

namespace HomeFilter.Rules.Tests.Policy;

public sealed class ClientGroupMatcherTests
{
    private static readonly ClientGroupMatcher Matcher = new([
        ["192.168.1.0/24", "fd00::/64"],          // 0: house
        ["192.168.1.20", "192.168.1.32/28"],      // 1: kids
        ["192.168.1.40", "fd00::20"],             // 2: guest
        ["192.168.1.32/27"],                      // 3: wider than kids' /28
        ["::ffff:10.0.0.9"],                      // 4: IPv4-mapped written in the policy
    ]);

    [Theory]
    [InlineData("192.168.1.20", 1)]   // exact beats the /24
    [InlineData("192.168.1.33", 1)]   // /28 beats /27 and /24
    [InlineData("192.168.1.50", 3)]   // only the /27 (32-63) and /24
    [InlineData("192.168.1.40", 2)]   // exact inside the /27
    [InlineData("192.168.1.200", 0)]
    [InlineData("192.168.2.1", -1)]
    [InlineData("fd00::20", 2)]
    [InlineData("fd00::21", 0)]
    [InlineData("fd01::1", -1)]
    [InlineData("10.0.0.9", 4)]
    public void Exact_address_first_then_longest_prefix(string client, int group) =>
        Assert.Equal(group, Matcher.Match(IPAddress.Parse(client).GetAddressBytes()));

    [Fact]
    public void The_same_address_in_two_groups_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new ClientGroupMatcher([["10.0.0.1"], ["10.0.0.1"]]));

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("nonsense")]
    [InlineData("10.0.0.1/")]
    [InlineData("fe80::1%2")]
    public void Bad_entries_are_rejected(string entry) =>
        Assert.Throws<ArgumentException>(() => new ClientGroupMatcher([[entry]]));

    [Theory]
    [InlineData("01:00:5e:00:00:fb")]
    [InlineData("00:00:00:00:00:00")]
    [InlineData("id:Emma")]
    [InlineData("id:")]
    public void Bad_mac_and_client_id_entries_are_rejected(string entry) =>
        Assert.Throws<ArgumentException>(() => new ClientGroupMatcher([[entry]]));

    [Theory]
    [InlineData("02:00:00:00:00:01", "02-00-00-00-00-01")]
    [InlineData("id:emma", "id:emma")]
    public void The_same_mac_or_client_id_in_two_groups_is_rejected(string first, string second) =>
        Assert.Throws<ArgumentException>(() => new ClientGroupMatcher([[first], [second]]));
}
