using System.Buffers.Binary;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Wire;
using static HomeFilter.Resolver.Tests.Wire.WireFixtures;

namespace HomeFilter.Resolver.Tests.Wire;

public class ResponseScannerTests
{
    private static readonly byte[] Name = QueryReaderTests.WireName("www.example.com");

    [Fact]
    public void Positive_answer_reports_counts_min_ttl_and_every_ttl_offset()
    {
        var upstream = Response("www.example.com", RecordType.A);
        upstream.AnswerRecords.Add(Cname("www.example.com", 300, "edge.example.net"));
        upstream.AnswerRecords.Add(A("edge.example.net", 20, "192.0.2.1"));
        upstream.AuthorityRecords.Add(new NsRecord(ARSoft.Tools.Net.DomainName.Parse("example.net"), 3600, ARSoft.Tools.Net.DomainName.Parse("ns1.example.net")));
        upstream.AdditionalRecords.Add(A("ns1.example.net", 5, "192.0.2.53"));
        upstream.IsEDnsEnabled = true;
        var bytes = Encode(upstream);
        var offsets = new ushort[16];

        Assert.True(ResponseScanner.TryScan(bytes, Name, 1, 1, offsets, out var scan));

        Assert.True(scan.QuestionMatches);
        Assert.Equal(0, scan.Rcode);
        Assert.Equal((1, 2, 1, 2), (scan.QuestionCount, scan.AnswerCount, scan.AuthorityCount, scan.AdditionalCount));
        Assert.True(scan.HasOpt);
        Assert.Equal(4, scan.TtlCount);
        Assert.False(scan.TtlOffsetsOverflowed);
        Assert.Equal(new uint[] { 300, 20, 3600, 5 }, offsets[..4].Select(o => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(o))));
        Assert.Equal(20u, scan.MinTtl);
        Assert.True(scan.HasAnswerOfQueryType);
        Assert.Equal(NegativeAnswerKind.None, scan.Negative);
        Assert.False(scan.IsTruncated);
    }

    [Theory]
    [InlineData("WWW.EXAMPLE.COM", 1, 1, true)]
    [InlineData("www.example.com", 28, 1, false)]
    [InlineData("www.example.com", 1, 3, false)]
    [InlineData("ww.example.com", 1, 1, false)]
    [InlineData("www.example.co", 1, 1, false)]
    public void Question_match_ignores_case_only(string askedName, ushort type, ushort @class, bool expected)
    {
        var bytes = Encode(Response("www.example.com", RecordType.A));

        Assert.True(ResponseScanner.TryScan(bytes, QueryReaderTests.WireName(askedName), type, @class, new ushort[4], out var scan));

        Assert.Equal(expected, scan.QuestionMatches);
    }

    [Fact]
    public void Nxdomain_reports_the_soa_ttl_and_minimum()
    {
        var upstream = Response("www.example.com", RecordType.A, ReturnCode.NxDomain);
        upstream.AuthorityRecords.Add(Soa("example.com", 900, 300));

        Assert.True(ResponseScanner.TryScan(Encode(upstream), Name, 1, 1, new ushort[4], out var scan));

        Assert.Equal(NegativeAnswerKind.NameError, scan.Negative);
        Assert.True(scan.HasSoa);
        Assert.Equal(900u, scan.SoaTtl);
        Assert.Equal(300u, scan.SoaMinimum);
        Assert.Equal(300u, scan.NegativeTtl);
    }

    [Fact]
    public void Cname_without_the_asked_type_is_nodata()
    {
        var upstream = Response("www.example.com", RecordType.Aaaa);
        upstream.AnswerRecords.Add(Cname("www.example.com", 300, "edge.example.net"));
        upstream.AuthorityRecords.Add(Soa("example.net", 60, 600));

        Assert.True(ResponseScanner.TryScan(Encode(upstream), Name, 28, 1, new ushort[4], out var scan));

        Assert.Equal(NegativeAnswerKind.NoData, scan.Negative);
        Assert.Equal(60u, scan.NegativeTtl);
    }

    [Fact]
    public void Any_answer_counts_for_type_any()
    {
        var upstream = Response("www.example.com", RecordType.Any);
        upstream.AnswerRecords.Add(A("www.example.com", 300, "192.0.2.1"));

        Assert.True(ResponseScanner.TryScan(Encode(upstream), Name, 255, 1, new ushort[4], out var scan));

        Assert.Equal(NegativeAnswerKind.None, scan.Negative);
    }

    [Fact]
    public void Ttls_with_the_top_bit_set_count_as_zero()
    {
        var bytes = new PacketBuilder().Header(1, 0x8180, 1, 1, 0, 0).Question(1, 1, "www", "example", "com")
            .Pointer(12).RecordBody(1, 1, 0x80000000, [192, 0, 2, 1]).ToArray();

        Assert.True(ResponseScanner.TryScan(bytes, Name, 1, 1, new ushort[4], out var scan));

        Assert.Equal(0u, scan.MinTtl);
    }

    [Fact]
    public void Extended_rcode_and_tc_are_reported()
    {
        var bytes = new PacketBuilder().Header(1, 0x8380 | 7, 1, 0, 0, 1).Question(1, 1, "www", "example", "com").Opt(extendedRcode: 1).ToArray();

        Assert.True(ResponseScanner.TryScan(bytes, Name, 1, 1, new ushort[4], out var scan));

        Assert.Equal(23, scan.Rcode);
        Assert.True(scan.IsTruncated);
        Assert.Equal(0, scan.TtlCount);
        Assert.Equal(uint.MaxValue, scan.MinTtl);
    }

    [Fact]
    public void Too_many_records_for_the_span_is_reported_not_thrown()
    {
        var bytes = Encode(BigTxt("www.example.com", 10));

        Assert.True(ResponseScanner.TryScan(bytes, Name, 16, 1, new ushort[4], out var scan));

        Assert.Equal(4, scan.TtlCount);
        Assert.True(scan.TtlOffsetsOverflowed);
    }

    public static TheoryData<string, byte[]> Malformed() => new()
    {
        { "empty", [] },
        { "compression loop", new PacketBuilder().Header(1, 0x8180, 1, 1, 0, 0).Question(1, 1, "www", "example", "com").Pointer(33).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray() },
        { "two-step compression loop", new PacketBuilder().Header(1, 0x8180, 1, 2, 0, 0).Question(1, 1, "www", "example", "com").Label("a").Pointer(49).RecordBody(1, 1, 60, [1, 2, 3, 4]).Label("b").Pointer(33).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray() },
        { "forward pointer", new PacketBuilder().Header(1, 0x8180, 1, 1, 0, 0).Question(1, 1, "www", "example", "com").Pointer(40).RecordBody(1, 1, 60, [1, 2, 3, 4]).Name("x").ToArray() },
        { "pointer out of range", new PacketBuilder().Header(1, 0x8180, 1, 1, 0, 0).Question(1, 1, "www", "example", "com").Pointer(0x3FF0).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray() },
        { "record data past the end", new PacketBuilder().Header(1, 0x8180, 1, 1, 0, 0).Question(1, 1, "www", "example", "com").Pointer(12).UInt16(1).UInt16(1).UInt32(60).UInt16(200).Bytes(1, 2, 3, 4).ToArray() },
        { "fewer records than counted", new PacketBuilder().Header(1, 0x8180, 1, 3, 0, 0).Question(1, 1, "www", "example", "com").Pointer(12).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray() },
        { "SOA with short RDATA", new PacketBuilder().Header(1, 0x8183, 1, 0, 1, 0).Question(1, 1, "www", "example", "com").Pointer(16).RecordBody(6, 1, 60, [0, 0, 1, 2, 3]).ToArray() },
        { "SOA name looping", new PacketBuilder().Header(1, 0x8183, 1, 0, 1, 0).Question(1, 1, "www", "example", "com").Pointer(16).UInt16(6).UInt16(1).UInt32(60).UInt16(24).Pointer(45).Pointer(45).Bytes(new byte[20]).ToArray() },
        { "two OPTs", new PacketBuilder().Header(1, 0x8180, 1, 0, 0, 2).Question(1, 1, "www", "example", "com").Opt().Opt().ToArray() },
        { "OPT in the answer", new PacketBuilder().Header(1, 0x8180, 1, 1, 0, 0).Question(1, 1, "www", "example", "com").Opt().ToArray() },
        { "label type 0x80 in an owner", new PacketBuilder().Header(1, 0x8180, 1, 1, 0, 0).Question(1, 1, "www", "example", "com").Bytes(0x81, 1, 0).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_answers_are_rejected(string description, byte[] message)
    {
        Assert.False(ResponseScanner.TryScan(message, Name, 1, 1, new ushort[8], out _), description);
    }

    [Fact]
    public void Random_corruption_never_throws()
    {
        var upstream = Response("www.example.com", RecordType.A, ReturnCode.NxDomain);
        upstream.AnswerRecords.Add(Cname("www.example.com", 300, "edge.example.net"));
        upstream.AuthorityRecords.Add(Soa("example.net", 300, 60));
        upstream.IsEDnsEnabled = true;
        var original = Encode(upstream);
        var random = new Random(7);
        var offsets = new ushort[8];
        var accepted = 0;

        for (var i = 0; i < 20000; i++)
        {
            var corrupted = (byte[])original.Clone();
            corrupted[random.Next(12, corrupted.Length)] = (byte)random.Next(256);
            if (ResponseScanner.TryScan(corrupted.AsSpan(0, random.Next(0, corrupted.Length + 1)), Name, 1, 1, offsets, out var scan))
            {
                accepted++;
                Assert.InRange(scan.TtlCount, 0, 8);
            }
        }

        Assert.InRange(accepted, 1, 19999);
    }
}
