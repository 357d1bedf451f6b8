using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Upstream;

/// <summary>The query we send upstream, checked by an independent parser.</summary>
public sealed class UpstreamQueryWriterTests
{
    [Theory]
    [InlineData("www.example.com", RecordType.A, false, false)]
    [InlineData("example.com", RecordType.Aaaa, true, false)]
    [InlineData("signed.example", RecordType.Ds, false, true)]
    [InlineData("_443._tcp.example", RecordType.Https, true, true)]
    [InlineData(".", RecordType.Ns, false, true)]
    public void Writes_rd_cd_one_question_and_an_opt_of_1232_with_do(string name, RecordType type, bool checkingDisabled, bool dnssecOk)
    {
        var query = UpstreamTestSupport.Query(name, type, checkingDisabled, dnssecOk);

        var message = DnsWireCodec.Decode(query.MessageSpan);

        Assert.Equal(0x1234, message.TransactionID);
        Assert.True(message.IsQuery);
        Assert.Equal(OperationCode.Query, message.OperationCode);
        Assert.True(message.IsRecursionDesired);
        Assert.Equal(checkingDisabled, message.IsCheckingDisabled);
        Assert.False(message.IsAuthenticData);
        var question = Assert.Single(message.Questions);
        Assert.Equal(name == "." ? "." : name + ".", question.Name.ToString());
        Assert.Equal(type, question.RecordType);
        Assert.Equal(RecordClass.INet, question.RecordClass);
        Assert.Empty(message.AnswerRecords);
        Assert.Empty(message.AuthorityRecords);
        Assert.True(message.IsEDnsEnabled);
        Assert.Equal(1232, message.EDnsOptions!.UdpPayloadSize);
        Assert.Equal(0, message.EDnsOptions.Version);
        Assert.Equal(dnssecOk, message.EDnsOptions.IsDnsSecOk);
        Assert.Empty(message.EDnsOptions.Options);
        Assert.Equal(query.Length, query.QuestionEnd + 11);
    }

    [Fact]
    public void The_longest_name_fits_the_buffer()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61);
        Assert.Equal(255, UpstreamTestSupport.WireName(name).Length);

        var query = UpstreamTestSupport.Query(name);

        Assert.Equal(UpstreamQueryWriter.MaxLength, query.Length);
        Assert.Equal(name + ".", DnsWireCodec.Decode(query.MessageSpan).Questions[0].Name.ToString());
    }

    [Fact]
    public void Ids_are_spread_over_the_whole_range()
    {
        var ids = new HashSet<ushort>();
        var high = 0;
        for (var i = 0; i < 4096; i++)
        {
            var id = QueryIdGenerator.Next();
            ids.Add(id);
            high += id >= 0x8000 ? 1 : 0;
        }

        // 4096 draws from 65536 values: about 3970 distinct expected; a counter or a stuck batch would fail this.
        Assert.InRange(ids.Count, 3800, 4096);
        Assert.InRange(high, 1700, 2400);
    }

    [Fact]
    public void Ids_differ_between_threads()
    {
        var first = new ushort[64];
        var second = new ushort[64];
        var a = new Thread(() => Fill(first));
        var b = new Thread(() => Fill(second));
        a.Start();
        b.Start();
        a.Join();
        b.Join();

        Assert.NotEqual(first, second);

        static void Fill(ushort[] ids)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = QueryIdGenerator.Next();
            }
        }
    }
}
