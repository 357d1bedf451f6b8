using HomeFilter.Testing;
using System.Net;
using HomeFilter.Resolver.Identity;
using HomeFilter.Rules.Policy.Identity;

namespace HomeFilter.Resolver.Tests.Identity;

/// <summary>The kernel's neighbour table as it reads (golden files of <c>/proc/net/arp</c> and <c>ip -6 neigh show</c>).</summary>
public sealed class NeighbourTableParserTests
{
    private static readonly Lazy<NeighbourMap> Map = new(() =>
    {
        var v4 = new Dictionary<uint, ulong>();
        var v6 = new Dictionary<UInt128, ulong>();
        Assert.Equal(4, NeighbourTableParser.ParseProcNetArp(Golden("proc-net-arp.txt"), v4));
        Assert.Equal(4, NeighbourTableParser.ParseIpNeigh(Golden("ip-6-neigh.txt"), v6));
        return new NeighbourMap(v4, v6);
    });

    public static TheoryData<string, string?> Entries => new()
    {
        // address, its MAC (null: none)
        { "198.18.0.2", "02:00:00:00:00:02" },
        { "198.18.0.3", null },                   // incomplete
        { "198.18.0.4", "02:00:00:00:00:04" },    // complete and permanent
        { "198.18.0.5", null },                   // a multicast MAC
        { "198.18.0.6", "02:00:00:00:00:06" },
        { "198.18.0.7", "02:00:00:00:00:07" },
        { "::ffff:198.18.0.2", "02:00:00:00:00:02" }, // a dual-stack socket's view of an IPv4 client
        { "198.18.0.9", null },                   // IPv4 in the IPv6 listing is not taken from there
        { "fe80::2", "02:00:00:00:00:02" },
        { "fd00:198:18::3", "02:00:00:00:00:03" },
        { "fd00:198:18::4", null },               // FAILED
        { "fd00:198:18::5", null },               // INCOMPLETE
        { "fd00:198:18::6", "02:00:00:00:00:06" },
        { "fd00:198:18::7", "02:00:00:00:00:07" },
        { "fd00:198:18::8", null },               // a multicast MAC
        { "fd00:198:18::9", null },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Complete_entries_with_a_device_mac_are_kept(string address, string? mac)
    {
        var found = Map.Value.Find(IPAddress.Parse(address).GetAddressBytes());

        Assert.Equal(mac, found == 0 ? null : MacAddress.Format(found));
    }

    [Fact]
    public void Empty_and_garbage_text_give_nothing()
    {
        var v4 = new Dictionary<uint, ulong>();
        var v6 = new Dictionary<UInt128, ulong>();

        Assert.Equal(0, NeighbourTableParser.ParseProcNetArp("", v4));
        Assert.Equal(0, NeighbourTableParser.ParseIpNeigh("\n\n lladdr\nlladdr 02:00:00:00:00:01\n", v6));
        Assert.Equal(0, NeighbourTableParser.ParseProcNetArp("IP address HW type Flags HW address Mask Device\n", v4));
    }

    [Fact]
    public void A_lookup_allocates_nothing()
    {
        var address = IPAddress.Parse("198.18.0.2").GetAddressBytes();
        var map = Map.Value;
        Assert.Equal(0, Allocations.Fewest(1000, _ => map.Find(address)));
    }

    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Identity", "Golden", name));
}
