using HomeFilter.Resolver.Transport.Encrypted;

namespace HomeFilter.Resolver.Tests.Transport.Encrypted;

public sealed class DohRequestReaderTests
{
    [Theory]
    [InlineData("/dns-query", DohRejection.None, null)]
    [InlineData("/dns-query/", DohRejection.None, null)]
    [InlineData("/dns-query/emma-phone", DohRejection.None, "emma-phone")]
    [InlineData("/dns-query/Emma-Phone/", DohRejection.None, "emma-phone")]
    [InlineData("/dns-query/emma_phone", DohRejection.BadClientId, null)]
    [InlineData("/dns-query/-emma", DohRejection.BadClientId, null)]
    [InlineData("/dns-query/a/b", DohRejection.BadClientId, null)]
    [InlineData("/dns-query//", DohRejection.BadClientId, null)]
    [InlineData("/dns-queryx", DohRejection.NotFound, null)]
    [InlineData("/resolve", DohRejection.NotFound, null)]
    [InlineData("/", DohRejection.NotFound, null)]
    [InlineData("", DohRejection.NotFound, null)]
    public void Path(string path, DohRejection expected, string? clientId)
    {
        Assert.Equal(expected, DohRequestReader.ReadPath(path, out var id));
        Assert.Equal(clientId, id);
    }

    [Theory]
    [InlineData("GET", DohRejection.None, false)]
    [InlineData("POST", DohRejection.None, true)]
    [InlineData("post", DohRejection.None, true)]
    [InlineData("PUT", DohRejection.WrongMethod, false)]
    [InlineData("HEAD", DohRejection.WrongMethod, false)]
    [InlineData("DELETE", DohRejection.WrongMethod, false)]
    public void Method(string method, DohRejection expected, bool isPost)
    {
        Assert.Equal(expected, DohRequestReader.CheckMethod(method, out var post));
        Assert.Equal(isPost, post);
    }

    [Theory]
    [InlineData("application/dns-message", 40L, DohRejection.None)]
    [InlineData("Application/DNS-Message; charset=binary", 40L, DohRejection.None)]
    [InlineData("application/dns-message", null, DohRejection.None)]
    [InlineData("application/dns-message", 65535L, DohRejection.None)]
    [InlineData("application/dns-message", 65536L, DohRejection.TooLarge)]
    [InlineData("application/dns-json", 40L, DohRejection.UnsupportedMediaType)]
    [InlineData("application/octet-stream", 40L, DohRejection.UnsupportedMediaType)]
    [InlineData("", 40L, DohRejection.UnsupportedMediaType)]
    public void Post(string contentType, long? length, DohRejection expected)
        => Assert.Equal(expected, DohRequestReader.CheckPost(contentType, length));

    // A query header (id 0, RD) and one question byte: AAABAAABAAAAAAAAAA is base64url of 00 00 01 00 00 01 00 00 00 00 00 00 00.
    [Theory]
    [InlineData("AAABAAABAAAAAAAAAA", true, DohRejection.None, 13)]
    [InlineData("AAABAAABAAAAAAAAAA==", true, DohRejection.None, 13)]
    [InlineData("", true, DohRejection.MissingDns, 0)]
    [InlineData("", false, DohRejection.MissingDns, 0)]
    [InlineData("AAAB+AABAAAAAAAAAA", true, DohRejection.BadBase64, 0)]
    [InlineData("AAAB/AABAAAAAAAAAA", true, DohRejection.BadBase64, 0)]
    [InlineData("A", true, DohRejection.BadBase64, 0)]
    [InlineData("AAAB", true, DohRejection.NotDns, 3)]
    [InlineData("AACBAAABAAAAAAAAAA", true, DohRejection.NotDns, 13)]
    public void Get(string dns, bool present, DohRejection expected, int length)
    {
        var message = new byte[65536];
        Assert.Equal(expected, DohRequestReader.DecodeGet(dns, present, message, out var written));
        Assert.Equal(length, written);
    }

    [Fact]
    public void A_get_longer_than_a_dns_message_is_too_large()
    {
        var dns = new string('A', DohRequestReader.MaxEncodedLength + 4);
        Assert.Equal(DohRejection.TooLarge, DohRequestReader.DecodeGet(dns, present: true, new byte[65536], out _));
    }

    [Theory]
    [InlineData("?dns=AAAB", true, "AAAB")]
    [InlineData("dns=AAAB", true, "AAAB")]
    [InlineData("?ct=x&dns=AAAB&z=1", true, "AAAB")]
    [InlineData("?dns=AAAB%3D%3d", true, "AAAB")]
    [InlineData("?dns=", true, "")]
    [InlineData("?dns", true, "")]
    [InlineData("?xdns=AAAB", false, "")]
    [InlineData("", false, "")]
    public void Dns_parameter(string query, bool present, string value)
    {
        Assert.Equal(present, DohRequestReader.FindDnsParameter(query, out var found));
        Assert.Equal(value, found.ToString());
    }

    [Theory]
    [InlineData(DohRejection.NotFound, 404)]
    [InlineData(DohRejection.WrongMethod, 405)]
    [InlineData(DohRejection.UnsupportedMediaType, 415)]
    [InlineData(DohRejection.MissingDns, 400)]
    [InlineData(DohRejection.BadBase64, 400)]
    [InlineData(DohRejection.TooLarge, 400)]
    [InlineData(DohRejection.NotDns, 400)]
    [InlineData(DohRejection.BadClientId, 400)]
    public void Status_codes(DohRejection rejection, int status) => Assert.Equal(status, DohRequestReader.StatusCode(rejection));
}
