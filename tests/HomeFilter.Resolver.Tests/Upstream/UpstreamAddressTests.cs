using System.Net;
using HomeFilter.Resolver.Upstream;

namespace HomeFilter.Resolver.Tests.Upstream;

public sealed class UpstreamAddressTests
{
    public static TheoryData<string, UpstreamProtocol, string, string?, int, string?> ValidEntries => new()
    {
        { "9.9.9.9", UpstreamProtocol.Udp, "9.9.9.9", "9.9.9.9", 53, null },
        { "9.9.9.9:53", UpstreamProtocol.Udp, "9.9.9.9", "9.9.9.9", 53, null },
        { " 127.0.0.2:5353 ", UpstreamProtocol.Udp, "127.0.0.2", "127.0.0.2", 5353, null },
        { "[2620:fe::fe]:53", UpstreamProtocol.Udp, "2620:fe::fe", "2620:fe::fe", 53, null },
        { "[::1]", UpstreamProtocol.Udp, "::1", "::1", 53, null },
        { "udp://1.1.1.1:53", UpstreamProtocol.Udp, "1.1.1.1", "1.1.1.1", 53, null },
        { "UDP://1.1.1.1", UpstreamProtocol.Udp, "1.1.1.1", "1.1.1.1", 53, null },
        { "tcp://1.1.1.1", UpstreamProtocol.Tcp, "1.1.1.1", "1.1.1.1", 53, null },
        { "tcp://[2606:4700:4700::1111]:5353", UpstreamProtocol.Tcp, "2606:4700:4700::1111", "2606:4700:4700::1111", 5353, null },
        { "tls://dns.quad9.net", UpstreamProtocol.Tls, "dns.quad9.net", null, 853, "dns.quad9.net" },
        { "tls://dns.quad9.net:8853", UpstreamProtocol.Tls, "dns.quad9.net", null, 8853, "dns.quad9.net" },
        { "tls://9.9.9.9:853", UpstreamProtocol.Tls, "9.9.9.9", "9.9.9.9", 853, null },
        { "tls://9.9.9.9#dns.quad9.net", UpstreamProtocol.Tls, "9.9.9.9", "9.9.9.9", 853, "dns.quad9.net" },
        { "tls://[2620:fe::fe]:853#dns.quad9.net", UpstreamProtocol.Tls, "2620:fe::fe", "2620:fe::fe", 853, "dns.quad9.net" },
        { "https://dns.quad9.net/dns-query", UpstreamProtocol.Https, "dns.quad9.net", null, 443, "dns.quad9.net" },
        { "https://127.0.0.1:8443/dns-query", UpstreamProtocol.Https, "127.0.0.1", "127.0.0.1", 8443, null },
        { "https://[::1]:8443/q", UpstreamProtocol.Https, "::1", "::1", 8443, null },
    };

    [Theory]
    [MemberData(nameof(ValidEntries))]
    public void Parses_every_supported_form(string text, UpstreamProtocol protocol, string host, string? address, int port, string? serverName)
    {
        var parsed = UpstreamAddress.Parse(text);

        Assert.Equal(text, parsed.Text);
        Assert.Equal(protocol, parsed.Protocol);
        Assert.Equal(host, parsed.Host);
        Assert.Equal(address is null ? null : IPAddress.Parse(address), parsed.Address);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(serverName, parsed.TlsServerName);
        Assert.Equal(protocol == UpstreamProtocol.Https, parsed.Uri is not null);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("dns.google", "needs an IP address")]
    [InlineData("dns.google:53", "needs an IP address")]
    [InlineData("udp://dns.google", "needs an IP address")]
    [InlineData("300.1.1.1", "not a valid IPv4 address")]
    [InlineData("1.2.3", "not a valid IPv4 address")]
    [InlineData("1", "not a valid IPv4 address")]
    [InlineData("9.9.9.9:0", "port '0'")]
    [InlineData("9.9.9.9:65536", "port '65536'")]
    [InlineData("9.9.9.9:dns", "port 'dns'")]
    [InlineData("9.9.9.9:", "port ''")]
    [InlineData("2620:fe::fe", "in brackets")]
    [InlineData("[2620:fe::fe", "missing ']'")]
    [InlineData("[2620:fe::fe]53", "unexpected '53'")]
    [InlineData("[9.9.9.9]:53", "not a valid IPv6 address")]
    [InlineData("0.0.0.0:53", "unspecified address")]
    [InlineData("[::]:53", "unspecified address")]
    [InlineData("9.9.9.9/dns", "only an address")]
    [InlineData("9.9.9.9:53#name", "only an address")]
    [InlineData("quic://dns.adguard.com", "unknown scheme 'quic://'")]
    [InlineData("sdns://AgcAAAAAAAAABzEuMC4wLjE", "unknown scheme 'sdns://'")]
    [InlineData("http://dns.google/dns-query", "must use https://")]
    [InlineData("tls://", "host is missing")]
    [InlineData("tls://:853", "host is missing")]
    [InlineData("tls://9.9.9.9:853#", "not a valid TLS server name")]
    [InlineData("tls://9.9.9.9#bad name", "not a valid TLS server name")]
    [InlineData("tls://9.9.9.9/path", "without a path")]
    [InlineData("tls://bad_host!:853", "neither an IP address nor a valid host name")]
    [InlineData("https://", "not a valid https:// URL")]
    [InlineData("https://dns.google/dns-query#x", "no #fragment")]
    public void Rejects_invalid_entries_with_a_message_naming_the_entry(string text, string expected)
    {
        Assert.False(UpstreamAddress.TryParse(text, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);

        var thrown = Assert.Throws<FormatException>(() => UpstreamAddress.Parse(text));
        Assert.Equal(error, thrown.Message);
    }
}
