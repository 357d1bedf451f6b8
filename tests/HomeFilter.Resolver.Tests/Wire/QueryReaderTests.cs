using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Wire;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Wire;

public class QueryReaderTests
{
    [Theory]
    [InlineData("www.Example.COM", RecordType.A, "www.example.com")]
    [InlineData("MiXeD.CaSe.Org", RecordType.Aaaa, "mixed.case.org")]
    [InlineData("_sip._tcp.example.net", RecordType.Srv, "_sip._tcp.example.net")]
    public void Reads_a_plain_query_and_lower_cases_the_name(string name, RecordType type, string expectedLower)
    {
        var message = new DnsMessage { TransactionID = 0xBEEF, IsQuery = true, IsRecursionDesired = true };
        message.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        var packet = DnsWireCodec.Encode(message);
        var nameBuffer = new byte[256];

        var status = QueryReader.TryRead(packet, nameBuffer, out var query);

        Assert.Equal(QueryReadStatus.Ok, status);
        Assert.Equal(0xBEEF, query.Id);
        Assert.True(query.RecursionDesired);
        Assert.False(query.CheckingDisabled);
        Assert.Equal(0, query.Opcode);
        Assert.Equal((ushort)type, query.QType);
        Assert.Equal(1, query.QClass);
        Assert.Equal(WireName(expectedLower), nameBuffer.AsSpan(0, query.NameLength).ToArray());
        Assert.Equal(12 + query.NameLength + 4, query.QuestionEnd);
        Assert.Equal(WireName(name), query.OriginalName(packet).ToArray());
        Assert.False(query.HasEdns);
    }

    [Theory]
    [InlineData((ushort)4096, true, false, (ushort)4096)]
    [InlineData((ushort)1232, false, true, (ushort)1232)]
    [InlineData((ushort)100, true, true, (ushort)512)]
    [InlineData((ushort)0, false, false, (ushort)512)]
    public void Reads_edns(ushort advertised, bool dnssecOk, bool checkingDisabled, ushort expectedSize)
    {
        var message = new DnsMessage { TransactionID = 7, IsQuery = true, IsCheckingDisabled = checkingDisabled, IsEDnsEnabled = true };
        message.Questions.Add(new DnsQuestion(DomainName.Parse("example.org"), RecordType.Txt, RecordClass.INet));
        message.EDnsOptions = new OptRecord(advertised, [new CookieOption(new byte[8], null), new UnknownOption((EDnsOptionType)65001, [1, 2, 3])]);
        message.IsDnsSecOk = dnssecOk;
        var packet = DnsWireCodec.Encode(message);

        var status = QueryReader.TryRead(packet, new byte[256], out var query);

        Assert.Equal(QueryReadStatus.Ok, status);
        Assert.True(query.HasEdns);
        Assert.Equal(0, query.EdnsVersion);
        Assert.Equal(expectedSize, query.EdnsUdpSize);
        Assert.Equal(dnssecOk, query.DnssecOk);
        Assert.Equal(checkingDisabled, query.CheckingDisabled);
        Assert.Equal((ushort)RecordType.Txt, query.QType);
    }

    [Fact]
    public void Reports_the_version_of_a_bad_version_query()
    {
        var packet = PacketBuilder.Query(ar: 1).Question().Opt(udpSize: 4096, version: 1, dnssecOk: true).ToArray();

        var status = QueryReader.TryRead(packet, new byte[256], out var query);

        Assert.Equal(QueryReadStatus.BadVersion, status);
        Assert.True(query.HasEdns);
        Assert.Equal(1, query.EdnsVersion);
        Assert.True(query.DnssecOk);
        Assert.True(query.HasQuestion);
    }

    [Fact]
    public void Reads_the_class_as_given()
    {
        var packet = PacketBuilder.Query().Question(16, 3, "version", "bind").ToArray();

        var status = QueryReader.TryRead(packet, new byte[256], out var query);

        Assert.Equal(QueryReadStatus.Ok, status);
        Assert.Equal(16, query.QType);
        Assert.Equal(3, query.QClass);
    }

    internal static byte[] WireName(string name)
    {
        var builder = new PacketBuilder();
        builder.Name(name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries));
        return builder.ToArray();
    }
}
