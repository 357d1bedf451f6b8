using HomeFilter.Resolver.Transport.Encrypted;

namespace HomeFilter.Resolver.Tests.Transport.Encrypted;

public sealed class SniClientIdTests
{
    public static TheoryData<string?, string?> Cases => new()
    {
        { "emma-phone.dns.home.arpa", "emma-phone" },
        { "Emma-Phone.DNS.home.arpa", "emma-phone" },
        { "emma-phone.dns.home.arpa.", "emma-phone" },
        { "a.b.dns.home.arpa", "a" },
        { "dns.home.arpa", null },
        { "home.arpa", null },
        { "emma.other.example", null },
        { "emma-dns.home.arpa", null },
        { "-bad.dns.home.arpa", null },
        { "bad_label.dns.home.arpa", null },
        { ".dns.home.arpa", null },
        { "", null },
        { null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_first_label_in_front_of_a_certificate_name_is_the_client_id(string? serverName, string? expected)
        => Assert.Equal(expected, SniClientId.From(serverName, ["dns.home.arpa"]));

    [Fact]
    public void The_longest_certificate_name_wins_so_the_id_is_one_label()
    {
        var description = new CertificateDescription("CN=x", ["home.arpa", "*.dns.home.arpa", "dns.home.arpa"], [], DateTimeOffset.UnixEpoch, "", "");
        var hosts = description.HostNames();
        Assert.Equal(["dns.home.arpa", "home.arpa"], hosts);
        Assert.Equal("emma", SniClientId.From("emma.dns.home.arpa", hosts));
        Assert.Equal("dns", SniClientId.From("dns.home.arpa", hosts));
    }

    [Theory]
    [InlineData("emma-phone", "emma-phone")]
    [InlineData("EMMA", "emma")]
    [InlineData("a", "a")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890ab", "0123456789012345678901234567890123456789012345678901234567890ab")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890abc", null)]
    [InlineData("-emma", null)]
    [InlineData("emma-", null)]
    [InlineData("em.ma", null)]
    [InlineData("émma", null)]
    [InlineData("", null)]
    public void A_client_id_is_one_lower_cased_dns_label(string text, string? expected)
        => Assert.Equal(expected, ClientIdLabel.TryRead(text));
}
