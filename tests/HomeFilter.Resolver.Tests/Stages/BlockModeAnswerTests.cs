using System.Net;
using System.Text;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Stages;
using HomeFilter.Rules.Policy;

namespace HomeFilter.Resolver.Tests.Stages;

/// <summary>Every block mode, parsed by ARSoft as an independent oracle.</summary>
public class BlockModeAnswerTests
{
    private static readonly byte[] Reason = Encoding.UTF8.GetBytes("blocked: adult");

    [Theory]
    [InlineData("nxdomain", RecordType.A, ReturnCode.NxDomain, null)]
    [InlineData("refused", RecordType.Aaaa, ReturnCode.Refused, null)]
    [InlineData("192.0.2.1,2001:db8::1", RecordType.A, ReturnCode.NoError, "192.0.2.1")]
    [InlineData("192.0.2.1,2001:db8::1", RecordType.Aaaa, ReturnCode.NoError, "2001:db8::1")]
    [InlineData("192.0.2.1", RecordType.Aaaa, ReturnCode.NoError, null)] // no IPv6 given: NODATA
    [InlineData("192.0.2.1", RecordType.Txt, ReturnCode.NoError, null)]
    [InlineData("null", RecordType.A, ReturnCode.NoError, "0.0.0.0")]
    public void Block_modes_answer_as_configured(string mode, RecordType type, ReturnCode rcode, string? address)
    {
        Assert.True(BlockAnswer.TryParse(mode, BlockAnswer.Null, out var answer));
        var query = BlockedAnswerWriterTests.BuildQuery("Blocked.Example", type, edns: true, dnssecOk: false, out var parsed);
        var buffer = new byte[512];
        var length = BlockedAnswerWriter.Write(query, parsed, answer, Reason, buffer);
        var message = DnsMessage.Parse(buffer[..length]);
        Assert.Equal(rcode, message.ReturnCode);
        Assert.False(message.IsAuthoritiveAnswer);
        if (address is null)
        {
            Assert.Empty(message.AnswerRecords);
        }
        else
        {
            var record = Assert.Single(message.AnswerRecords);
            Assert.Equal(IPAddress.Parse(address), record is ARecord a ? a.Address : ((AaaaRecord)record).Address);
        }

        Assert.Single(message.EDnsOptions!.Options);
    }
}
