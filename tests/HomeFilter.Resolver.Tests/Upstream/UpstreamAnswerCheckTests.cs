using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Upstream;

public sealed class UpstreamAnswerCheckTests
{
    private static readonly UpstreamQuery Query = UpstreamTestSupport.Query("www.example.com", RecordType.A);

    private static DnsMessage Answer(string name = "www.example.com", RecordType type = RecordType.A, RecordClass @class = RecordClass.INet, ushort id = 0x1234)
    {
        var message = new DnsMessage { TransactionID = id, IsQuery = false, IsRecursionDesired = true, IsRecursionAllowed = true };
        message.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, @class));
        return message;
    }

    public static TheoryData<string, byte[], string> Cases()
    {
        var data = new TheoryData<string, byte[], string>
        {
            { "same question", DnsWireCodec.Encode(Answer()), nameof(AnswerCheck.Match) },
            { "name in other case (0x20)", DnsWireCodec.Encode(Answer("WwW.ExAmPlE.CoM")), nameof(AnswerCheck.Match) },
            { "other ID", DnsWireCodec.Encode(Answer(id: 0x1235)), nameof(AnswerCheck.WrongId) },
            { "other name", DnsWireCodec.Encode(Answer("www.example.net")), nameof(AnswerCheck.WrongQuestion) },
            { "same letters, other labels", DnsWireCodec.Encode(Answer("www.exam.plecom")), nameof(AnswerCheck.WrongQuestion) },
            { "other type", DnsWireCodec.Encode(Answer(type: RecordType.Aaaa)), nameof(AnswerCheck.WrongQuestion) },
            { "other class", DnsWireCodec.Encode(Answer(@class: RecordClass.Chaos)), nameof(AnswerCheck.WrongQuestion) },
            { "short header", new byte[] { 0x12, 0x34, 0x80 }, nameof(AnswerCheck.Malformed) },
        };

        var parent = Answer("example.com");
        parent.AnswerRecords.Add(new ARecord(DomainName.Parse("example.com"), 60, System.Net.IPAddress.Loopback));
        data.Add("parent name", DnsWireCodec.Encode(parent), nameof(AnswerCheck.WrongQuestion));

        var query = Answer();
        query.IsQuery = true;
        data.Add("a query, not a response", DnsWireCodec.Encode(query), nameof(AnswerCheck.NotResponse));

        var notify = DnsWireCodec.Encode(Answer());
        notify[2] |= 4 << 3;
        data.Add("opcode NOTIFY", notify, nameof(AnswerCheck.NotResponse));

        var cut = DnsWireCodec.Encode(Answer());
        data.Add("question cut short", cut[..20], nameof(AnswerCheck.Malformed));

        var two = Answer();
        two.Questions.Add(new DnsQuestion(DomainName.Parse("other.example"), RecordType.A, RecordClass.INet));
        data.Add("two questions", DnsWireCodec.Encode(two), nameof(AnswerCheck.WrongQuestion));

        data.Add("SERVFAIL without question", HeaderOnly(rcode: 2), nameof(AnswerCheck.Match));
        data.Add("REFUSED without question", HeaderOnly(rcode: 5), nameof(AnswerCheck.Match));
        data.Add("NOERROR without question", HeaderOnly(rcode: 0), nameof(AnswerCheck.WrongQuestion));
        data.Add("NXDOMAIN without question", HeaderOnly(rcode: 3), nameof(AnswerCheck.WrongQuestion));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Accepts_only_the_answer_to_our_question(string description, byte[] answer, string expected)
    {
        Assert.True(expected == UpstreamAnswerCheck.Check(answer, Query).ToString(), description);
    }

    [Fact]
    public void Reads_tc_and_rcode()
    {
        var message = Answer();
        message.IsTruncated = true;
        message.ReturnCode = ReturnCode.NxDomain;
        var bytes = DnsWireCodec.Encode(message);

        Assert.True(UpstreamAnswerCheck.IsTruncated(bytes));
        Assert.Equal(3, UpstreamAnswerCheck.ResponseCode(bytes));
        Assert.False(UpstreamAnswerCheck.IsTruncated(DnsWireCodec.Encode(Answer())));
    }

    private static byte[] HeaderOnly(int rcode) => [0x12, 0x34, 0x81, (byte)(0x80 | rcode), 0, 0, 0, 0, 0, 0, 0, 0];
}
