using HomeFilter.Testing;
using System.Net;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Policy.Identity;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Policy.Identity;

/// <summary>
/// A client's group and device: client ID over MAC over exact address over the longest prefix, each looked up
/// separately for the group (what groups list) and the device (what devices name).
/// </summary>
public sealed class IdentifyTests
{
    private const string EmmaMac = "02:00:00:00:00:01";
    private const string LeoMac = "02:00:00:00:00:02";
    private const string TvMac = "02:00:00:00:00:03";

    private static readonly CompiledPolicy Policy = Compile();

    // group 0 kids: Emma's MAC, Emma's client ID, one exact address; group 1 adults: a MAC, a client ID, a prefix.
    private static CompiledPolicy Compile()
    {
        var document = new PolicyDocument
        {
            Groups =
            {
                new GroupDefinition { Name = "kids", Clients = [EmmaMac, "id:emma-phone", "192.168.1.20", "02-00-00-00-00-05"] },
                new GroupDefinition { Name = "adults", Clients = [LeoMac, "id:dad", "192.168.1.0/24", "fd00::/64"] },
            },
            Devices =
            {
                new DeviceDefinition { Name = "Emma's phone", Macs = [EmmaMac], ClientId = "emma-phone", Addresses = ["192.168.1.30"] },
                new DeviceDefinition { Name = "Leo's laptop", Macs = ["02-00-00-00-00-02"] },
                new DeviceDefinition { Name = "TV", Macs = [TvMac], Addresses = ["192.168.1.20"] },
                new DeviceDefinition { Name = "Grandpa", ClientId = "grandpa" },
            },
        };
        var result = PolicyDocumentReader.Read(PolicyDocumentWriter.Write(document));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return PolicyCompiler.Compile(result.Document!, new CategoryTrieBuilder().Build(), [], new BuiltInRules([], [], []));
    }

    public static TheoryData<string?, string?, string, int, IdentityKind, int, IdentityKind, bool> Cases => new()
    {
        // client ID, MAC, address → group, by; device, by; client ID known
        { "emma-phone", LeoMac, "192.168.1.99", 0, IdentityKind.ClientId, 0, IdentityKind.ClientId, true },  // client ID beats MAC and prefix
        { "dad", EmmaMac, "192.168.1.20", 1, IdentityKind.ClientId, 0, IdentityKind.Mac, true },             // group by ID, device by MAC (dad names no device)
        { "grandpa", null, "192.168.1.99", 1, IdentityKind.Prefix, 3, IdentityKind.ClientId, true },          // a device's ID no group lists: the group falls through
        { "stranger", null, "192.168.1.99", 1, IdentityKind.Prefix, -1, IdentityKind.None, false },           // unknown ID
        { null, EmmaMac, "192.168.1.99", 0, IdentityKind.Mac, 0, IdentityKind.Mac, false },                   // MAC beats the /24
        { null, LeoMac, "192.168.1.20", 1, IdentityKind.Mac, 1, IdentityKind.Mac, false },                    // MAC beats the exact address
        { null, "02:00:00:00:00:05", "10.9.9.9", 0, IdentityKind.Mac, -1, IdentityKind.None, false },         // dash form in the group, no device
        { null, TvMac, "192.168.1.20", 0, IdentityKind.Address, 2, IdentityKind.Mac, false },                 // TV's MAC is in no group: its address is
        { null, "02:00:00:00:00:99", "192.168.1.20", 0, IdentityKind.Address, 2, IdentityKind.Address, false }, // unknown MAC: exact address
        { null, null, "192.168.1.30", 1, IdentityKind.Prefix, 0, IdentityKind.Address, false },               // Emma's old address: the prefix, her device
        { null, null, "fd00::7", 1, IdentityKind.Prefix, -1, IdentityKind.None, false },
        { null, null, "10.0.0.1", -1, IdentityKind.None, -1, IdentityKind.None, false },
        { null, null, "", -1, IdentityKind.None, -1, IdentityKind.None, false },                              // no address at all
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Client_id_then_mac_then_exact_address_then_longest_prefix(
        string? clientId, string? mac, string address, int group, IdentityKind groupBy, int device, IdentityKind deviceBy, bool known)
    {
        var macValue = 0UL;
        Assert.True(mac is null || MacAddress.TryParse(mac, out macValue));
        var bytes = address.Length == 0 ? [] : IPAddress.Parse(address).GetAddressBytes();

        var identity = Policy.Identify(clientId, macValue, bytes);

        Assert.Equal(new ClientIdentity(group, groupBy, device, deviceBy, known), identity);
        Assert.Equal(group < 0 ? "default" : Policy.Groups[group].Name, Policy.GroupOf(identity).Name ?? "default");
    }

    [Fact]
    public void The_device_name_is_the_policys_string()
    {
        Assert.Equal("Emma's phone", Policy.Devices.NameAt(0));
        Assert.Same(Policy.Devices.NameAt(3), Policy.Devices.NameAt(3));
        Assert.Null(Policy.Devices.NameAt(-1));
        Assert.Null(Policy.Devices.NameAt(4));
    }

    [Fact]
    public void Group_for_an_address_still_works() =>
        Assert.Equal("kids", Policy.GroupFor(IPAddress.Parse("192.168.1.20").GetAddressBytes()).Name);

    [Fact]
    public void Lookups_allocate_nothing()
    {
        var address = IPAddress.Parse("192.168.1.99").GetAddressBytes();
        MacAddress.TryParse(EmmaMac, out var mac);
        const string id = "grandpa";
        Assert.Equal(0, Allocations.Fewest(1000, i =>
        {
            _ = Policy.Identify(id, mac, address);
            _ = Policy.Identify(null, 0, address);
        }));
    }
}
