using HomeFilter.Rules.Policy.Identity;

namespace HomeFilter.Rules.Tests.Policy.Identity;

public sealed class MacAddressTests
{
    [Theory]
    [InlineData("02:1a:2b:3c:4d:5e", 0x021a2b3c4d5eUL)]
    [InlineData("02-1A-2B-3C-4D-5E", 0x021a2b3c4d5eUL)]
    [InlineData("ff:ff:ff:ff:ff:ff", 0xffffffffffffUL)]
    [InlineData("00:00:00:00:00:00", 0UL)]
    public void Both_separators_and_either_case_parse(string text, ulong expected)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal(expected, mac);
    }

    [Theory]
    [InlineData("")]
    [InlineData("02:1a:2b:3c:4d")]
    [InlineData("02:1a:2b:3c:4d:5e:6f")]
    [InlineData("02:1a:2b-3c:4d:5e")]
    [InlineData("02.1a.2b.3c.4d.5e")]
    [InlineData("02:1g:2b:3c:4d:5e")]
    [InlineData(" 02:1a:2b:3c:4d:5")]
    [InlineData("021a.2b3c.4d5e..")]
    public void Other_text_does_not(string text) => Assert.False(MacAddress.TryParse(text, out _));

    [Theory]
    [InlineData("02:1a:2b:3c:4d:5e", true)]
    [InlineData("00:11:22:33:44:55", true)]
    [InlineData("00:00:00:00:00:00", false)] // unknown
    [InlineData("ff:ff:ff:ff:ff:ff", false)] // broadcast
    [InlineData("01:00:5e:00:00:fb", false)] // IPv4 multicast
    [InlineData("33:33:00:00:00:01", false)] // IPv6 multicast
    public void Only_unicast_non_zero_addresses_name_a_device(string text, bool device)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal(device, MacAddress.IsDeviceAddress(mac));
    }

    [Fact]
    public void The_canonical_form_is_lower_case_with_colons()
    {
        Assert.Equal("02:1a:2b:3c:4d:5e", MacAddress.Normalize("02-1A-2B-3C-4D-5E"));
        Assert.Equal("02:1a:2b:3c:4d:5e", MacAddress.Format(MacAddress.FromBytes([0x02, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e])));
        Assert.Null(MacAddress.Normalize("not a mac"));
        Assert.Equal(0UL, MacAddress.FromBytes([1, 2, 3]));
    }

    [Theory]
    [InlineData("emma-phone", true)]
    [InlineData("0", true)]
    [InlineData("a-b", true)]
    [InlineData("", false)]
    [InlineData("-emma", false)]
    [InlineData("emma-", false)]
    [InlineData("Emma", false)]
    [InlineData("emma.phone", false)]
    [InlineData("emma_phone", false)]
    public void Client_ids_are_one_lower_case_label(string id, bool valid) => Assert.Equal(valid, ClientIdSyntax.IsValid(id));

    [Fact]
    public void A_client_id_is_at_most_63_characters()
    {
        Assert.True(ClientIdSyntax.IsValid(new string('a', 63)));
        Assert.False(ClientIdSyntax.IsValid(new string('a', 64)));
    }
}
