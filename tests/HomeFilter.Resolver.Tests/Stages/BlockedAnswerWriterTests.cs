using System.Buffers.Binary;
using System.Net;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Tests.Stages;

/// <summary>Block answers, each parsed by ARSoft as an independent oracle.</summary>
public class BlockedAnswerWriterTests
{
    private static readonly byte[] Reason = Encoding.UTF8.GetBytes("blocked: adult");

    [Theory]
    [InlineData(RecordType.A, true, false, "0.0.0.0")]
    [InlineData(RecordType.Aaaa, true, true, "::")]
    [InlineData(RecordType.A, false, false, "0.0.0.0")]
    [InlineData(RecordType.Mx, true, false, null)]
    [InlineData(RecordType.Https, false, false, null)]
    public void Block_answers_are_null_addresses_or_nodata(RecordType type, bool edns, bool dnssecOk, string? address)
    {
        var query = BuildQuery("Ads.Example.COM", type, edns, dnssecOk, out var parsed);
        var buffer = new byte[512];
        var length = BlockedAnswerWriter.Write(query, parsed, Reason, buffer);

        var answer = DnsMessage.Parse(buffer[..length]);
        Assert.Equal(parsed.Id, answer.TransactionID);
        Assert.True(answer.IsQuery == false);
        Assert.Equal(ReturnCode.NoError, answer.ReturnCode);
        Assert.True(answer.IsRecursionDesired);
        Assert.True(answer.IsRecursionAllowed);
        Assert.Equal("Ads.Example.COM.", answer.Questions.Single().Name.ToString(), ignoreCase: false);
        if (address is null)
        {
            Assert.Empty(answer.AnswerRecords);
        }
        else
        {
            var record = Assert.Single(answer.AnswerRecords);
            Assert.Equal(type, record.RecordType);
            Assert.Equal(BlockedAnswerWriter.Ttl, (uint)record.TimeToLive);
            var data = record is ARecord a ? a.Address : ((AaaaRecord)record).Address;
            Assert.Equal(IPAddress.Parse(address), data);
        }

        Assert.Equal(edns, answer.IsEDnsEnabled);
        if (edns)
        {
            Assert.Equal(1232, answer.EDnsOptions!.UdpPayloadSize);
            Assert.Equal(0, answer.EDnsOptions.Version);
            Assert.Equal(dnssecOk, answer.EDnsOptions.IsDnsSecOk);
            var ede = Assert.IsType<UnknownOption>(Assert.Single(answer.EDnsOptions.Options));
            Assert.Equal(15, (int)ede.Type);
            Assert.Equal(15, BinaryPrimitives.ReadUInt16BigEndian(ede.Data));
            Assert.Equal("blocked: adult", Encoding.UTF8.GetString(ede.Data!, 2, ede.Data!.Length - 2));
        }
    }

    [Fact]
    public void An_answer_that_does_not_fit_is_not_written()
    {
        var query = BuildQuery("example.com", RecordType.A, edns: true, dnssecOk: false, out var parsed);
        Assert.Equal(0, BlockedAnswerWriter.Write(query, parsed, Reason, new byte[40]));
    }

    /// <summary>Encodes with ARSoft and fills what the query reader would report for it.</summary>
    internal static byte[] BuildQuery(string name, RecordType type, bool edns, bool dnssecOk, out ParsedQuery parsed)
    {
        var message = new DnsMessage { TransactionID = 0x4242, IsRecursionDesired = true };
        message.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        if (edns)
        {
            message.IsEDnsEnabled = true;
            message.EDnsOptions!.UdpPayloadSize = 4096;
            message.IsDnsSecOk = dnssecOk;
        }

        var bytes = HomeFilter.Testing.DnsWireCodec.Encode(message);
        var nameLength = 1;
        foreach (var label in name.Split('.'))
        {
            nameLength += 1 + label.Length;
        }

        parsed = new ParsedQuery
        {
            Id = 0x4242,
            Flags = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2)),
            QType = (ushort)type,
            QClass = 1,
            NameLength = nameLength,
            QuestionEnd = 12 + nameLength + 4,
            HasEdns = edns,
            EdnsUdpSize = 4096,
            DnssecOk = dnssecOk,
        };
        return bytes;
    }
}
