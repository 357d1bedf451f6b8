using System.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Stages;
using HomeFilter.Testing;

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
    public async Task Fails_without_a_response_when_no_upstream_answers()
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
        Assert.Equal(0, context.ResponseLength);
        Assert.Null(context.Upstream);
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
