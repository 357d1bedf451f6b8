using System.Net;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Wire;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Wire;

/// <summary>
/// The options that say who the client is, written by ARSoft.Tools.Net (an encoder independent of ours) and read by
/// <see cref="QueryReader"/>: dnsmasq's three MAC forms and ECS.
/// </summary>
public sealed class IdentityOptionTests
{
    private const ulong Mac = 0x02_1a_2b_3c_4d_5eUL;

    private static byte[] Packet(params EDnsOptionBase[] options)
    {
        var message = new DnsMessage { TransactionID = 7, IsQuery = true, IsRecursionDesired = true, IsEDnsEnabled = true };
        message.Questions.Add(new DnsQuestion(DomainName.Parse("www.example.com"), RecordType.A, RecordClass.INet));
        message.EDnsOptions = new OptRecord(1232, options);
        return DnsWireCodec.Encode(message);
    }

    private static ParsedQuery Read(byte[] packet)
    {
        Assert.Equal(QueryReadStatus.Ok, QueryReader.TryRead(packet, new byte[256], out var parsed));
        return parsed;
    }

    private static UnknownOption Option(int code, byte[] data) => new((EDnsOptionType)code, data);

    public static TheoryData<string, byte[], ulong> MacForms => new()
    {
        // what, option data, MAC read (0: none)
        { "65001 raw", [0x02, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e], Mac },
        { "65001 five bytes", [0x02, 0x1a, 0x2b, 0x3c, 0x4d], 0 },
        { "65001 seven bytes", [0x02, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f], 0 },
        { "65001 broadcast", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 0 },
        { "65001 multicast", [0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb], 0 },
        { "65001 zeros", [0, 0, 0, 0, 0, 0], 0 },
    };

    [Theory]
    [MemberData(nameof(MacForms))]
    public void The_raw_mac_option_is_read_when_it_names_one_device(string what, byte[] data, ulong mac) =>
        Assert.True(mac == Read(Packet(Option(65001, data))).MacOption, what);

    [Theory]
    [InlineData("02:1a:2b:3c:4d:5e", Mac)]
    [InlineData("02:1A:2B:3C:4D:5E", Mac)]
    [InlineData("02:1a:2b:3c:4d", 0UL)]
    [InlineData("xx:1a:2b:3c:4d:5e", 0UL)]
    [InlineData("AhorPE1e", Mac)] // base64 of 02 1a 2b 3c 4d 5e, each three bytes as four characters
    [InlineData("AhorPE1", 0UL)]
    [InlineData("AhorPE1*", 0UL)]
    public void Dnsmasq_text_and_base64_forms_are_read_from_option_65073(string text, ulong mac)
    {
        Assert.Equal("AhorPE1e", Convert.ToBase64String([0x02, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e]));

        Assert.Equal(mac, Read(Packet(Option(65073, Encoding.ASCII.GetBytes(text)))).MacOption);
    }

    public static TheoryData<string, byte, string?> Subnets => new()
    {
        // address, source prefix, the single host it names (null: a network, not one client)
        { "198.18.7.9", 32, "198.18.7.9" },
        { "198.18.7.0", 24, null },
        { "0.0.0.0", 0, null },
        { "fd00::1:2", 128, "fd00::1:2" },
        { "fd00::", 56, null },
    };

    [Theory]
    [MemberData(nameof(Subnets))]
    public void A_client_subnet_option_names_a_host_only_with_a_full_prefix(string address, byte source, string? host)
    {
        var packet = Packet(new ClientSubnetOption(source, IPAddress.Parse(address)));
        var parsed = Read(packet);
        var destination = new byte[16];

        var length = parsed.SubnetHostAddress(packet, destination);

        Assert.NotEqual(0, parsed.SubnetAddressOffset);
        Assert.Equal(source, parsed.SubnetSourcePrefix);
        Assert.Equal(host, length == 0 ? null : new IPAddress(destination.AsSpan(0, length)).ToString());
    }

    [Fact]
    public void Both_options_with_others_around_them_are_read()
    {
        var packet = Packet(
            Option(10, [1, 2, 3, 4, 5, 6, 7, 8]), // a DNS cookie
            new ClientSubnetOption(32, IPAddress.Parse("198.18.1.2")),
            Option(65001, [0x02, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e]),
            Option(12, new byte[5])); // padding
        var parsed = Read(packet);

        Assert.Equal(Mac, parsed.MacOption);
        Assert.True(parsed.HasIdentityOptions);
        Assert.Equal(4, parsed.SubnetHostAddress(packet, new byte[16]));
    }

    [Theory]
    [InlineData(new byte[] { 0, 1, 32, 0, 198, 18, 1 })]        // three address bytes for a /32
    [InlineData(new byte[] { 0, 1, 33, 0, 198, 18, 1, 2, 3 })]  // prefix longer than IPv4
    [InlineData(new byte[] { 0, 3, 8, 0, 1 })]                  // unknown family
    [InlineData(new byte[] { 0, 1 })]                           // too short
    public void A_malformed_client_subnet_is_ignored_not_an_error(byte[] data)
    {
        var parsed = Read(Packet(Option(8, data)));

        Assert.Equal(0, parsed.SubnetAddressOffset);
        Assert.False(parsed.HasIdentityOptions);
    }

    [Fact]
    public void A_query_without_options_has_no_identity_facts()
    {
        var parsed = Read(Packet());

        Assert.Equal(0UL, parsed.MacOption);
        Assert.False(parsed.HasIdentityOptions);
    }
}
