using HomeFilter.Compliance.Wire;

namespace HomeFilter.Compliance.Tests.Wire;

/// <summary>What counts as malformed, and what the OPT record yields.</summary>
public sealed class ResponseParserTests
{
    // id 1, QR RD RA, one question (example./SOA), no answers, one OPT (1232, ext rcode 1, version 0, DO,
    // options: NSID "ns1").
    private static readonly byte[] BadVersWithOpt =
    [
        0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 1,
        7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0, 0, 6, 0, 1,
        0, 0, 41, 0x04, 0xD0, 1, 0, 0x80, 0, 0, 7, 0, 3, 0, 3, (byte)'n', (byte)'s', (byte)'1',
    ];

    [Fact]
    public void The_OPT_record_supplies_the_upper_RCODE_bits_version_flags_and_options()
    {
        var message = ResponseParser.Parse(BadVersWithOpt);

        Assert.False(message.IsMalformed, message.MalformedReason);
        Assert.Equal(16, message.Rcode);
        Assert.Equal(1232, message.Opt!.UdpSize);
        Assert.Equal(0, message.Opt.Version);
        Assert.Equal(0x8000, message.Opt.Flags);
        Assert.Equal("example", Assert.Single(message.Questions).Name);
        Assert.Equal("ns1"u8.ToArray(), Assert.Single(message.Opt.Options).Data);
    }

    public static TheoryData<byte[], string> Malformed => new()
    {
        { [.. BadVersWithOpt, 0], "1 bytes follow the last record" },
        { BadVersWithOpt[..^2], "additional record 1 runs past the end" },
        { [.. BadVersWithOpt[..^7], 0, 3, 0, 9, (byte)'n', (byte)'s', (byte)'1'], "option lengths do not add up" },
        { [.. BadVersWithOpt[..11], 2, .. BadVersWithOpt[12..], .. BadVersWithOpt[^18..]], "a second OPT record" },
        { [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 6, 0, 1], "question 1 is cut short or has a bad name" },
        { [0, 1, 0x81], "shorter than a DNS header" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Broken_messages_are_malformed_for_the_right_reason(byte[] message, string reason)
    {
        var parsed = ResponseParser.Parse(message);

        Assert.True(parsed.IsMalformed);
        Assert.Contains(reason, parsed.MalformedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compressed_names_are_followed()
    {
        byte[] message =
        [
            0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
            3, (byte)'w', (byte)'w', (byte)'w', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0, 0, 1, 0, 1,
            0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1,
        ];

        var parsed = ResponseParser.Parse(message);

        Assert.False(parsed.IsMalformed, parsed.MalformedReason);
        Assert.Equal("www.example", Assert.Single(parsed.Answers).Owner);
    }
}
