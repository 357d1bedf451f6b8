using System.Buffers.Binary;
using System.Net;
using System.Text;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests;

/// <summary>The running program against a real DNS server on loopback, every answer parsed by ARSoft.</summary>
public sealed class ForwardingTests
{
    private static LoopbackDnsServer Upstream()
    {
        var server = LoopbackDnsServer.Start();
        server.Zone
            .AddSoa("test", ttl: 3600, minimum: 120)
            .AddA("example.test", "192.0.2.10", ttl: 300)
            .AddAaaa("example.test", "2001:db8::10", ttl: 300)
            .AddCname("www.chain.test", "mid.chain.test")
            .AddCname("mid.chain.test", "end.chain.test")
            .AddA("end.chain.test", "192.0.2.77")
            .AddLargeTxt("big.test", count: 40)
            .AddA("short.test", "192.0.2.20", ttl: 1);
        return server;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_and_AAAA_are_forwarded_over_udp_and_tcp(bool tcp)
    {
        await using var upstream = Upstream();
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);

        var a = await Ask(filter, tcp, DnsTestClient.CreateQuery("Example.TEST", RecordType.A));
        Assert.Equal(ReturnCode.NoError, a.ReturnCode);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), Assert.IsType<ARecord>(Assert.Single(a.AnswerRecords)).Address);
        Assert.Equal("Example.TEST.", a.Questions[0].Name.ToString());
        Assert.True(a.IsRecursionAllowed);
        Assert.False(a.IsAuthoritiveAnswer);

        var aaaa = await Ask(filter, tcp, DnsTestClient.CreateQuery("example.test", RecordType.Aaaa, edns: false));
        Assert.Equal(IPAddress.Parse("2001:db8::10"), Assert.IsType<AaaaRecord>(Assert.Single(aaaa.AnswerRecords)).Address);
        Assert.False(aaaa.IsEDnsEnabled);
    }

    [Fact]
    public async Task A_cname_chain_arrives_whole()
    {
        await using var upstream = Upstream();
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);
        var answer = await Ask(filter, tcp: false, DnsTestClient.CreateQuery("www.chain.test"));
        Assert.Equal(3, answer.AnswerRecords.Count);
        Assert.IsType<CNameRecord>(answer.AnswerRecords[0]);
        Assert.IsType<CNameRecord>(answer.AnswerRecords[1]);
        Assert.Equal(IPAddress.Parse("192.0.2.77"), Assert.IsType<ARecord>(answer.AnswerRecords[2]).Address);
    }

    [Fact]
    public async Task Nxdomain_is_passed_on_and_cached_from_the_soa()
    {
        await using var upstream = Upstream();
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);
        for (var i = 0; i < 2; i++)
        {
            var answer = await Ask(filter, tcp: false, DnsTestClient.CreateQuery("missing.test"));
            Assert.Equal(ReturnCode.NxDomain, answer.ReturnCode);
            Assert.IsType<SoaRecord>(Assert.Single(answer.AuthorityRecords));
        }

        Assert.Equal(1, upstream.QueryCount("missing.test"));
    }

    [Fact]
    public async Task A_large_answer_truncates_over_udp_and_arrives_whole_over_tcp()
    {
        await using var upstream = Upstream();
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);

        var udp = await Ask(filter, tcp: false, DnsTestClient.CreateQuery("big.test", RecordType.Txt, edns: false));
        Assert.True(udp.IsTruncated);
        var udpRaw = await DnsTestClient.QueryUdpAsync(filter.Udp, DnsTestClient.CreateQuery("big.test", RecordType.Txt, edns: false));
        Assert.True(udpRaw.Raw.Length <= 512);

        var edns = await DnsTestClient.QueryUdpAsync(filter.Udp, DnsTestClient.CreateQuery("big.test", RecordType.Txt, udpPayloadSize: 4096));
        Assert.True(edns.Message.IsTruncated);
        Assert.True(edns.Raw.Length <= 1232);

        var tcp = await Ask(filter, tcp: true, DnsTestClient.CreateQuery("big.test", RecordType.Txt));
        Assert.False(tcp.IsTruncated);
        Assert.Equal(40, tcp.AnswerRecords.Count);
    }

    [Fact]
    public async Task The_upstream_sees_one_query_for_two_and_the_ttl_counts_down()
    {
        await using var upstream = Upstream();
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);

        var first = await Ask(filter, tcp: false, DnsTestClient.CreateQuery("example.test"));
        await Task.Delay(TimeSpan.FromMilliseconds(2100));
        var second = await Ask(filter, tcp: true, DnsTestClient.CreateQuery("EXAMPLE.test"));

        Assert.Equal(1, upstream.QueryCount("example.test"));
        Assert.Equal("EXAMPLE.test.", second.Questions[0].Name.ToString());
        var before = first.AnswerRecords[0].TimeToLive;
        var after = second.AnswerRecords[0].TimeToLive;
        Assert.InRange(before - after, 1, 10);
    }

    [Fact]
    public async Task A_second_upstream_takes_over_when_the_first_is_silent()
    {
        await using var dead = Upstream();
        dead.Behavior = ServerBehavior.Silent;
        await using var alive = Upstream();
        await using var filter = await HomeFilterInstance.StartAsync([dead, alive]);

        var answer = await Ask(filter, tcp: false, DnsTestClient.CreateQuery("example.test"));
        Assert.Equal(ReturnCode.NoError, answer.ReturnCode);
        Assert.Equal(1, alive.QueryCount("example.test"));
    }

    [Fact]
    public async Task Every_upstream_down_gives_servfail_with_ede_22_within_the_deadline()
    {
        await using var dead = Upstream();
        dead.Behavior = ServerBehavior.Silent;
        await using var filter = await HomeFilterInstance.StartAsync([dead]);
        var upstreams = filter.Services.GetRequiredService<UpstreamSet>();
        Assert.Equal(UpstreamState.Unknown, Assert.Single(upstreams.GetHealth()).State);

        var answer = await DnsTestClient.QueryUdpAsync(filter.Udp, DnsTestClient.CreateQuery("Example.TEST"), TimeSpan.FromSeconds(10));
        Assert.Equal(ReturnCode.ServerFailure, answer.Message.ReturnCode);
        Assert.Equal("Example.TEST.", answer.Message.Questions[0].Name.ToString());
        var ede = Assert.IsType<UnknownOption>(Assert.Single(answer.Message.EDnsOptions!.Options));
        Assert.Equal(15, (int)ede.Type);
        Assert.Equal(22, BinaryPrimitives.ReadUInt16BigEndian(ede.Data));
        Assert.Equal("no upstream reachable", Encoding.UTF8.GetString(ede.Data!.AsSpan(2)));
        Assert.Equal(UpstreamState.Unknown, Assert.Single(upstreams.GetHealth()).State);

        var tcp = await Ask(filter, tcp: true, DnsTestClient.CreateQuery("example.test", edns: false));
        Assert.Equal(ReturnCode.ServerFailure, tcp.ReturnCode);
        Assert.False(tcp.IsEDnsEnabled);
    }

    [Fact]
    public async Task An_expired_answer_is_served_stale_when_every_upstream_fails()
    {
        await using var upstream = Upstream();
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);
        var fresh = await Ask(filter, tcp: false, DnsTestClient.CreateQuery("short.test"));
        Assert.Equal(IPAddress.Parse("192.0.2.20"), Assert.IsType<ARecord>(fresh.AnswerRecords[0]).Address);

        upstream.Behavior = ServerBehavior.Silent;
        await Task.Delay(TimeSpan.FromMilliseconds(1600));
        var stale = await DnsTestClient.QueryUdpAsync(filter.Udp, DnsTestClient.CreateQuery("short.test"), TimeSpan.FromSeconds(10));
        Assert.Equal(ReturnCode.NoError, stale.Message.ReturnCode);
        var record = Assert.IsType<ARecord>(Assert.Single(stale.Message.AnswerRecords));
        Assert.Equal(IPAddress.Parse("192.0.2.20"), record.Address);
        Assert.Equal(30, record.TimeToLive);
    }

    [Fact]
    public async Task Clients_outside_the_allowed_networks_are_refused()
    {
        await using var upstream = Upstream();
        await using var filter = await HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Dns:AllowedClients:0"] = "10.0.0.0/8",
        });

        var udp = await Ask(filter, tcp: false, DnsTestClient.CreateQuery("example.test"));
        var tcp = await Ask(filter, tcp: true, DnsTestClient.CreateQuery("example.test"));
        Assert.Equal(ReturnCode.Refused, udp.ReturnCode);
        Assert.Equal(ReturnCode.Refused, tcp.ReturnCode);
        Assert.Empty(udp.AnswerRecords);
        Assert.Equal(0, upstream.TotalQueries);
    }

    internal static async Task<DnsMessage> Ask(HomeFilterInstance filter, bool tcp, DnsMessage query)
    {
        var response = tcp
            ? await DnsTestClient.QueryTcpAsync(filter.Tcp, query)
            : await DnsTestClient.QueryUdpAsync(filter.Udp, query);
        Assert.Equal(query.TransactionID, response.Message.TransactionID);
        Assert.False(response.Message.IsQuery);
        return response.Message;
    }
}
