using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Wire;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Wire;

public class ErrorResponseWriterTests
{
    [Fact]
    public void Format_error_for_an_unreadable_question_is_a_bare_header()
    {
        var packet = PacketBuilder.Query(id: 0x4242, flags: 0x0110).Label(new string('a', 64)).Byte(0).UInt16(1).UInt16(1).ToArray();
        var status = QueryReader.TryRead(packet, new byte[256], out var query);

        var response = Write(packet, query, status);

        Assert.Equal(12, response.Length);
        var parsed = DnsWireCodec.Decode(response);
        Assert.Equal(0x4242, parsed.TransactionID);
        Assert.False(parsed.IsQuery);
        Assert.Equal(ReturnCode.FormatError, parsed.ReturnCode);
        Assert.True(parsed.IsRecursionDesired);
        Assert.True(parsed.IsRecursionAllowed);
        Assert.True(parsed.IsCheckingDisabled);
        Assert.Empty(parsed.Questions);
        Assert.False(parsed.IsEDnsEnabled);
    }

    [Fact]
    public void Format_error_after_the_question_echoes_it_with_the_clients_case()
    {
        var packet = PacketBuilder.Query(ar: 2).Question(28, 1, "WwW", "ExAmple", "com").Opt().Opt().ToArray();
        var status = QueryReader.TryRead(packet, new byte[256], out var query);

        var parsed = DnsWireCodec.Decode(Write(packet, query, status));

        Assert.Equal(ReturnCode.FormatError, parsed.ReturnCode);
        var question = Assert.Single(parsed.Questions);
        Assert.Equal("WwW.ExAmple.com.", question.Name.ToString());
        Assert.Equal(RecordType.Aaaa, question.RecordType);
    }

    [Theory]
    [InlineData(OperationCode.Notify)]
    [InlineData(OperationCode.Update)]
    [InlineData(OperationCode.Status)]
    public void Unknown_opcodes_get_notimp_with_the_same_opcode(OperationCode opcode)
    {
        // RD, CD, AD and AA set in the query: only RD comes back (genreport's "opcodeflg").
        var packet = PacketBuilder.Query(flags: (ushort)(((int)opcode << 11) | 0x0100 | 0x0010 | 0x0020 | 0x0400)).Question(6).ToArray();
        var status = QueryReader.TryRead(packet, new byte[256], out var query);

        var parsed = DnsWireCodec.Decode(Write(packet, query, status));

        Assert.Equal(QueryReadStatus.NotImplemented, status);
        Assert.Equal(ReturnCode.NotImplemented, parsed.ReturnCode);
        Assert.Equal(opcode, parsed.OperationCode);
        Assert.False(parsed.IsQuery);
        Assert.True(parsed.IsRecursionDesired);
        Assert.False(parsed.IsRecursionAllowed);
        Assert.False(parsed.IsCheckingDisabled);
        Assert.False(parsed.IsAuthenticData);
        Assert.False(parsed.IsAuthoritiveAnswer);
        Assert.False(parsed.IsEDnsEnabled);
        Assert.Empty(parsed.Questions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bad_version_answers_badvers_with_an_opt_of_version_0(bool dnssecOk)
    {
        var packet = PacketBuilder.Query(ar: 1).Question().Opt(udpSize: 4096, version: 1, dnssecOk: dnssecOk, options: PacketBuilder.Option(10, new byte[8])).ToArray();
        var status = QueryReader.TryRead(packet, new byte[256], out var query);

        var parsed = DnsWireCodec.Decode(Write(packet, query, status));

        Assert.Equal(ReturnCode.BadVersion, parsed.ReturnCode);
        Assert.True(parsed.IsEDnsEnabled);
        Assert.Equal(0, parsed.EDnsOptions!.Version);
        Assert.Equal(1232, parsed.EDnsOptions!.UdpPayloadSize);
        Assert.Equal(dnssecOk, parsed.EDnsOptions!.IsDnsSecOk);
        Assert.Empty(parsed.EDnsOptions!.Options);
        Assert.Empty(parsed.AnswerRecords);
        Assert.Single(parsed.Questions);
    }

    [Theory]
    [InlineData(DnsResponseCode.ServerFailure, false, ReturnCode.ServerFailure)]
    [InlineData(DnsResponseCode.Refused, false, ReturnCode.Refused)]
    [InlineData(DnsResponseCode.Refused, true, ReturnCode.Refused)]
    [InlineData(DnsResponseCode.BadVersion, false, ReturnCode.ServerFailure)]
    [InlineData(DnsResponseCode.BadVersion, true, ReturnCode.BadVersion)]
    public void Pipeline_failures_carry_the_rcode_and_opt_when_the_client_used_edns(int rcode, bool edns, ReturnCode expected)
    {
        var builder = PacketBuilder.Query(id: 9, flags: 0x0000, ar: edns ? 1 : 0).Question(1, 1, "Example", "org");
        var packet = (edns ? builder.Opt(dnssecOk: true) : builder).ToArray();
        Assert.Equal(QueryReadStatus.Ok, QueryReader.TryRead(packet, new byte[256], out var query));
        var buffer = new byte[ErrorResponseWriter.MaxLength];

        var length = ErrorResponseWriter.Write(packet, query, questionValid: true, rcode, buffer);
        var parsed = DnsWireCodec.Decode(buffer.AsSpan(0, length));

        Assert.Equal(expected, parsed.ReturnCode);
        Assert.Equal(9, parsed.TransactionID);
        Assert.False(parsed.IsRecursionDesired);
        Assert.True(parsed.IsRecursionAllowed);
        Assert.Equal("Example.org.", Assert.Single(parsed.Questions).Name.ToString());
        Assert.Equal(edns, parsed.IsEDnsEnabled);
        if (edns)
        {
            Assert.True(parsed.EDnsOptions!.IsDnsSecOk);
            Assert.Equal(1232, parsed.EDnsOptions!.UdpPayloadSize);
        }
    }

    [Fact]
    public void Drop_writes_nothing()
    {
        var packet = PacketBuilder.Query(flags: 0x8000).Question().ToArray();
        var status = QueryReader.TryRead(packet, new byte[256], out var query);

        Assert.Equal(0, ErrorResponseWriter.Write(packet, query, status, new byte[512]));
    }

    [Fact]
    public void The_longest_answer_fits_max_length()
    {
        var labels = new[] { new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 61) };
        var packet = PacketBuilder.Query(ar: 1).Question(1, 1, labels).Opt(version: 3).ToArray();
        var status = QueryReader.TryRead(packet, new byte[256], out var query);
        Assert.Equal(255, query.NameLength);

        var length = ErrorResponseWriter.Write(packet, query, status, new byte[ErrorResponseWriter.MaxLength]);

        Assert.Equal(ErrorResponseWriter.MaxLength, length);
    }

    private static byte[] Write(byte[] packet, ParsedQuery query, QueryReadStatus status)
    {
        var buffer = new byte[ErrorResponseWriter.MaxLength];
        var length = ErrorResponseWriter.Write(packet, query, status, buffer);
        return buffer[..length];
    }
}
