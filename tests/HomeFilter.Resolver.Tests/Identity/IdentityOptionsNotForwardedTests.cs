using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Tests.Upstream;
using HomeFilter.Resolver.Wire;
using HomeFilter.Testing;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Identity;

/// <summary>The client's MAC and subnet options never leave the house: the upstream gets a query without them.</summary>
public sealed class IdentityOptionsNotForwardedTests
{
    private static readonly QueryHandler MustNotBeCalled = _ => throw new InvalidOperationException("The upstream stage is the last one.");

    [Fact]
    public async Task The_upstream_sees_no_mac_or_client_subnet_option()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("www.identity.test", "192.0.2.20");
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));
        var message = new DnsMessage { TransactionID = 7, IsQuery = true, IsRecursionDesired = true, IsEDnsEnabled = true };
        message.Questions.Add(new DnsQuestion(DomainName.Parse("www.identity.test"), RecordType.A, RecordClass.INet));
        message.EDnsOptions = new OptRecord(1232, [
            new UnknownOption((EDnsOptionType)65001, [0x02, 0, 0, 0, 0, 1]),
            new UnknownOption((EDnsOptionType)65073, "02:00:00:00:00:01"u8.ToArray()),
            new ClientSubnetOption(32, IPAddress.Parse("198.18.0.20")),
        ]);
        var packet = DnsWireCodec.Encode(message);
        var context = new QueryContext { Query = packet, Transport = DnsTransportKind.Udp };
        Assert.Equal(QueryReadStatus.Ok, QueryReader.TryRead(packet, context.NameBuffer, out context.Parsed));
        Assert.True(context.Parsed.HasIdentityOptions);
        context.SetClientAddress(IPAddress.Loopback.GetAddressBytes());
        context.Settle(HomeFilter.Resolver.Reload.RuleSnapshot.Empty);

        await new UpstreamStage(set).InvokeAsync(context, MustNotBeCalled);

        Assert.Equal(QueryOutcome.Forwarded, context.Outcome);
        var sent = Assert.Single(server.ReceivedQueries);
        Assert.Empty(sent.Message.EDnsOptions!.Options);
        // Header, question (www.identity.test: 19 bytes, type, class), an OPT without options: nothing else in the bytes.
        Assert.Equal(12 + 19 + 4 + 11, sent.Raw.Length);
    }
}
