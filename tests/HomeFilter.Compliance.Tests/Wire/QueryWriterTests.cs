using HomeFilter.Compliance.Wire;

namespace HomeFilter.Compliance.Tests.Wire;

/// <summary>The bytes the odd queries put on the wire, which no DNS library would write for us.</summary>
public sealed class QueryWriterTests
{
    private static ComplianceCheck Check(string name) => EdnsComplianceSuite.Checks.Single(c => c.Name == name);

    [Fact]
    public void Edns1opt_sends_version_1_and_option_100_with_RD()
    {
        var query = QueryWriter.Build(Check("edns1opt"), "a.example", 6, 0x1234);

        byte[] expected =
        [
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1,
            1, (byte)'a', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0, 0, 6, 0, 1,
            0, 0, 41, 0x10, 0x00, 0, 1, 0, 0, 0, 4, 0x00, 0x64, 0x00, 0x00,
        ];
        Assert.Equal(expected, query);
    }

    [Fact]
    public void Opcodeflg_is_a_bare_header_with_opcode_15_and_every_flag()
    {
        var query = QueryWriter.Build(Check("opcodeflg"), "a.example", 0, 0xBEEF);

        // QR=0, opcode 15, AA, TC, RD | RA, Z, AD, CD; no question, no OPT.
        Assert.Equal(new byte[] { 0xBE, 0xEF, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0, 0, 0 }, query);
    }

    [Theory]
    [InlineData("ednsflags", 0x00, 0x80)]
    [InlineData("do", 0x80, 0x00)]
    [InlineData("edns@512", 0x80, 0x00)]
    public void Edns_flags_go_into_the_OPT_TTL(string name, byte high, byte low)
    {
        var query = QueryWriter.Build(Check(name), "example", 6, 1);

        var opt = query.AsSpan(query.Length - 11 - Check(name).Edns!.Options.Length);
        Assert.Equal(new byte[] { 0, 0, 41 }, opt[..3].ToArray());
        Assert.Equal(Check(name).Edns!.UdpSize, (opt[3] << 8) | opt[4]);
        Assert.Equal(new byte[] { 0, 0, high, low }, opt[5..9].ToArray());
    }

    [Fact]
    public void The_zflag_check_sets_the_reserved_header_bit()
    {
        var query = QueryWriter.Build(Check("zflag"), "example", 6, 1);

        Assert.Equal(0x01, query[2]);
        Assert.Equal(0x40, query[3]);
    }

    [Fact]
    public void A_label_longer_than_63_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => QueryWriter.Build(Check("dns"), new string('x', 64) + ".example", 6, 1));
    }
}
