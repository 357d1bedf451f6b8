using HomeFilter.Rules.Names;

namespace HomeFilter.Rules.Tests.Names;

public class DomainNameTests
{
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("Example.COM", "example.com")]
    [InlineData("example.com.", "example.com")]
    [InlineData("  www.example.com \t", "www.example.com")]
    [InlineData("_dmarc.example.org", "_dmarc.example.org")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("BÜCHER.example", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("例え.テスト", "xn--r8jz45g.xn--zckzah")]
    [InlineData("com", "com")]
    [InlineData("123.com", "123.com")]
    public void Valid_names_normalise(string input, string expected)
    {
        Assert.True(DomainName.TryNormalize(input, out var normalized, out var error));
        Assert.Equal(DomainNameError.None, error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("", DomainNameError.Empty)]
    [InlineData(".", DomainNameError.Empty)]
    [InlineData("a..b", DomainNameError.EmptyLabel)]
    [InlineData(".a.b", DomainNameError.EmptyLabel)]
    [InlineData("a b.example", DomainNameError.InvalidCharacter)]
    [InlineData("semi;colon.example", DomainNameError.InvalidCharacter)]
    [InlineData("1.2.3.4", DomainNameError.IpAddress)]
    [InlineData("2001:db8::1", DomainNameError.IpAddress)]
    [InlineData("a-very-long-label-that-goes-on-and-on-and-on-and-on-and-on-and-on.example", DomainNameError.LabelTooLong)]
    public void Invalid_names_say_why(string input, DomainNameError expected)
    {
        Assert.False(DomainName.TryNormalize(input, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Labels_of_63_and_names_of_253_are_the_limits()
    {
        var label63 = new string('a', 63);
        Assert.True(DomainName.TryNormalize(label63 + ".example", out _, out _));
        Assert.False(DomainName.TryNormalize(label63 + "a.example", out _, out _));

        var name253 = string.Join('.', Enumerable.Repeat(new string('b', 49), 5)) + ".abc"; // 5*50 + 3 = 253
        Assert.Equal(253, name253.Length);
        Assert.True(DomainName.TryNormalize(name253, out _, out _));
        Assert.False(DomainName.TryNormalize("c" + name253, out _, out var error));
        Assert.Equal(DomainNameError.NameTooLong, error);
    }

    [Fact]
    public void Normalize_throws_with_the_reason()
    {
        var exception = Assert.Throws<FormatException>(() => DomainName.Normalize("a..b"));
        Assert.Contains(nameof(DomainNameError.EmptyLabel), exception.Message, StringComparison.Ordinal);
    }
}
