using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Stages;
using HomeFilter.Testing;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Upstream;

public sealed class UpstreamStageTests
{
    private static readonly QueryHandler MustNotBeCalled = _ => throw new InvalidOperationException("The upstream stage is the last one.");

    /// <summary>A context as the query reader leaves it: the lower-case name and the parsed question and EDNS facts.</summary>
    private static QueryContext Context(string name, RecordType type, bool checkingDisabled = false, bool dnssecOk = false)
    {
        var context = new QueryContext();
        var wire = UpstreamTestSupport.WireName(name);
        wire.CopyTo(context.NameBuffer);
        context.Parsed = new HomeFilter.Resolver.Wire.ParsedQuery
        {
            Id = 0x0101,
            Flags = (ushort)(0x0100 | (checkingDisabled ? 0x0010 : 0)),
            QType = (ushort)type,
            QClass = 1,
            NameLength = wire.Length,
            QuestionEnd = 12 + wire.Length + 4,
            HasEdns = true,
            EdnsUdpSize = 4096,
            DnssecOk = dnssecOk,
        };
        return context;
    }

    [Fact]
    public async Task Sets_the_answer_the_outcome_and_the_upstream()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddCname("alias.stage.test", "www.stage.test").AddA("www.stage.test", "192.0.2.20");
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));
        var stage = new UpstreamStage(set);
        var context = Context("alias.stage.test", RecordType.A, checkingDisabled: true, dnssecOk: true);

        await stage.InvokeAsync(context, MustNotBeCalled);

        Assert.Equal(QueryOutcome.Forwarded, context.Outcome);
        Assert.Equal(server.UdpUpstream, context.Upstream);
        Assert.Null(context.Reason);
        var answer = DnsWireCodec.Decode(context.Response);
        Assert.Equal(2, answer.AnswerRecords.Count);
        Assert.Equal(IPAddress.Parse("192.0.2.20"), Assert.IsType<ARecord>(answer.AnswerRecords[1]).Address);

        // CD and DO of the client travel upstream; nothing else of its query does.
        var sent = Assert.Single(server.ReceivedQueries).Message;
        Assert.True(sent.IsCheckingDisabled);
        Assert.True(sent.EDnsOptions!.IsDnsSecOk);
        Assert.Equal(1232, sent.EDnsOptions.UdpPayloadSize);
        Assert.Equal("alias.stage.test.", sent.Questions[0].Name.ToString());
    }

    [Fact]
    public async Task Fails_with_servfail_and_ede_22_when_no_upstream_answers()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Behavior = ServerBehavior.Silent;
        var options = UpstreamTestSupport.Options(server.UdpUpstream);
        options.UpstreamTimeoutMs = 200;
        options.UpstreamDeadlineMs = 400;
        await using var set = UpstreamTestSupport.CreateSet(options);
        var context = Context("silent.stage.test", RecordType.Aaaa);

        await new UpstreamStage(set).InvokeAsync(context, MustNotBeCalled);

        Assert.Equal(QueryOutcome.Failed, context.Outcome);
        Assert.Equal("all upstreams failed", context.Reason);
        Assert.Null(context.Upstream);
        var (code, text) = ExtendedError(context);
        Assert.Equal(22, code);
        Assert.Equal("no upstream reachable", text);
    }

    [Fact]
    public async Task Fails_with_ede_23_when_the_network_refuses_every_attempt()
    {
        // A loopback port nobody listens on: the kernel answers the datagram with ICMP port unreachable.
        var options = UpstreamTestSupport.Options($"127.0.0.1:{ClosedUdpPort()}");
        options.UpstreamTimeoutMs = 2_000;
        options.UpstreamDeadlineMs = 4_000;
        await using var set = UpstreamTestSupport.CreateSet(options);
        var context = Context("refused.stage.test", RecordType.A);

        await new UpstreamStage(set).InvokeAsync(context, MustNotBeCalled);

        Assert.Equal(QueryOutcome.Failed, context.Outcome);
        Assert.Equal(23, ExtendedError(context).Code);
        Assert.Equal(0, set.GetHealth()[0].Timeouts);
    }

    [Fact]
    public async Task A_client_without_edns_gets_a_plain_servfail()
    {
        var options = UpstreamTestSupport.Options($"127.0.0.1:{ClosedUdpPort()}");
        await using var set = UpstreamTestSupport.CreateSet(options);
        var context = Context("plain.stage.test", RecordType.A);
        context.Parsed.HasEdns = false;

        await new UpstreamStage(set).InvokeAsync(context, MustNotBeCalled);

        var message = DnsWireCodec.Decode(context.Response);
        Assert.Equal(ReturnCode.ServerFailure, message.ReturnCode);
        Assert.False(message.IsEDnsEnabled);
        Assert.Equal("plain.stage.test.", message.Questions[0].Name.ToString());
    }

    /// <summary>The response parsed by ARSoft: SERVFAIL with the question, and its one EDE option's code and text.</summary>
    private static (int Code, string Text) ExtendedError(QueryContext context)
    {
        var message = DnsWireCodec.Decode(context.Response);
        Assert.Equal(ReturnCode.ServerFailure, message.ReturnCode);
        Assert.Equal(0x0101, message.TransactionID);
        Assert.Single(message.Questions);
        var option = Assert.IsType<UnknownOption>(Assert.Single(message.EDnsOptions!.Options));
        Assert.Equal(15, (int)option.Type);
        return (BinaryPrimitives.ReadUInt16BigEndian(option.Data), Encoding.UTF8.GetString(option.Data!, 2, option.Data!.Length - 2));
    }

    private static int ClosedUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    [Fact]
    public async Task Passes_an_upstream_servfail_through_as_forwarded()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Behavior = ServerBehavior.ServerFailure;
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));
        var context = Context("bogus.stage.test", RecordType.A);

        await new UpstreamStage(set).InvokeAsync(context, MustNotBeCalled);

        Assert.Equal(QueryOutcome.Forwarded, context.Outcome);
        Assert.Equal("every upstream answered SERVFAIL or REFUSED", context.Reason);
        Assert.Equal(ReturnCode.ServerFailure, DnsWireCodec.Decode(context.Response).ReturnCode);
    }

    [Fact]
    public async Task Fails_as_stopping_when_the_server_aborts_the_query()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Behavior = ServerBehavior.Silent;
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var context = Context("stop.stage.test", RecordType.A);
        context.Aborted = stopping.Token;

        await new UpstreamStage(set).InvokeAsync(context, MustNotBeCalled);

        Assert.Equal(QueryOutcome.Failed, context.Outcome);
        Assert.Equal("server stopping", context.Reason);
        Assert.Equal(0, set.GetHealth()[0].Timeouts);
    }
}
