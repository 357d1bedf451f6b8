using System.Net;
using HomeFilter.Resolver.Transport;

namespace HomeFilter.Resolver.Tests.Transport;

public class ListenEndpointTests
{
    [Theory]
    [InlineData("0.0.0.0:53", "0.0.0.0", 53)]
    [InlineData("127.0.0.1:5353", "127.0.0.1", 5353)]
    [InlineData(" 127.0.0.1:0 ", "127.0.0.1", 0)]
    [InlineData("192.168.1.2", "192.168.1.2", 53)]
    [InlineData("[::]:53", "::", 53)]
    [InlineData("[::1]:5353", "::1", 5353)]
    [InlineData("[fd00::1]", "fd00::1", 53)]
    [InlineData("::1", "::1", 53)]
    public void Parses_address_and_port(string text, string address, int port)
    {
        var endpoint = ListenEndpoint.Parse(text);
        Assert.Equal(IPAddress.Parse(address), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost:53")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:port")]
    [InlineData("[::1")]
    [InlineData("[::1]x53")]
    [InlineData("300.1.1.1:53")]
    public void Rejects_what_is_not_an_address(string text)
    {
        var error = Assert.Throws<FormatException>(() => ListenEndpoint.Parse(text));
        Assert.Contains("ip:port", error.Message, StringComparison.Ordinal);
    }
}
