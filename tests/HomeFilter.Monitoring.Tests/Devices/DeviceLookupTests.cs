using HomeFilter.Monitoring.Devices;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Policy.Overrides;

namespace HomeFilter.Monitoring.Tests.Devices;

public sealed class DeviceLookupTests
{
    private static readonly PolicyDocument Document = new()
    {
        Devices =
        [
            new DeviceDefinition { Name = "Emma's phone", Addresses = ["192.168.1.20"], Macs = ["02:00:5E:10:00:01"], ClientId = "emma-phone" },
            new DeviceDefinition { Name = "Tom's tablet", Addresses = ["192.168.1.30", "2001:db8::30"], Macs = ["02-00-5e-10-00-02"] },
            new DeviceDefinition { Name = "Living room TV", Macs = ["not a mac"], ClientId = "tv" },
        ],
    };

    private static readonly DeviceLookup Lookup = DeviceLookup.From(4, Document, DeviceDirectory.Compile(Document));

    public static TheoryData<string, string?, ulong, string, string?> Cases => new()
    {
        { "client ID first", "emma-phone", 0x02005e100002UL, "192.168.1.30", "Emma's phone" },
        { "client ID, any case", "EMMA-PHONE", 0, "10.9.9.9", "Emma's phone" },
        { "MAC before address", null, 0x02005e100002UL, "192.168.1.20", "Tom's tablet" },
        { "MAC written with dashes", "unknown-id", 0x02005e100002UL, "10.9.9.9", "Tom's tablet" },
        { "address last", null, 0, "192.168.1.20", "Emma's phone" },
        { "IPv6 address", null, 0, "2001:db8::30", "Tom's tablet" },
        { "unknown MAC falls back to the address", null, 0x02005e1000ffUL, "192.168.1.30", "Tom's tablet" },
        { "client ID only device", "tv", 0, "10.9.9.9", "Living room TV" },
        { "nobody", "guest", 0x02005e1000ffUL, "10.9.9.9", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recognises_by_client_ID_then_MAC_then_address(string what, string? clientId, ulong mac, string address, string? expected)
    {
        _ = what;
        Assert.Equal(expected, Lookup.Find(clientId, mac, System.Net.IPAddress.Parse(address).GetAddressBytes()));
        Assert.Equal(expected, Lookup.Find(clientId, mac == 0 ? null : MacAddressText.Format(mac), address));
        Assert.Equal(4, Lookup.Generation);
    }

    [Fact]
    public void The_empty_lookup_knows_nobody() =>
        Assert.Null(DeviceLookup.Empty.Find("emma-phone", 0x02005e100001UL, [192, 168, 1, 20]));

    [Theory]
    [InlineData("aa:bb:cc:dd:ee:ff", 0xaabbccddeeffUL)]
    [InlineData("AA-BB-CC-DD-EE-FF", 0xaabbccddeeffUL)]
    [InlineData(" 02:00:5e:10:00:01 ", 0x02005e100001UL)]
    [InlineData("aa:bb:cc:dd:ee", 0UL)]
    [InlineData("aa:bb:cc:dd:ee:fg", 0UL)]
    [InlineData("aa.bb.cc.dd.ee.ff", 0UL)]
    [InlineData("00:00:00:00:00:00", 0UL)]
    [InlineData(null, 0UL)]
    public void MAC_text_parses_in_the_accepted_spellings_only(string? text, ulong expected)
    {
        Assert.Equal(expected != 0, MacAddressText.TryParse(text, out var mac));
        Assert.Equal(expected, mac);
        if (expected != 0)
        {
            Assert.Equal(text!.Trim().Replace('-', ':').ToLowerInvariant(), MacAddressText.Format(mac));
        }
    }
}
