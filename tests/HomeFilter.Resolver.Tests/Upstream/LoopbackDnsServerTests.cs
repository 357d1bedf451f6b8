using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Upstream;

/// <summary>The test upstream itself must behave like a DNS server, or every test built on it proves nothing.</summary>
public sealed class LoopbackDnsServerTests
{
    [Fact]
    public async Task Answers_A_over_udp_and_tcp_on_the_same_port_and_counts_each()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("www.example.test", "192.0.2.1", ttl: 123);

        var udp = await DnsTestClient.QueryUdpAsync(server.Endpoint, DnsTestClient.CreateQuery("WWW.Example.test"));
        var tcp = await DnsTestClient.QueryTcpAsync(server.Endpoint, DnsTestClient.CreateQuery("www.example.test"));

        foreach (var answer in new[] { udp.Message, tcp.Message })
        {
            Assert.Equal(ReturnCode.NoError, answer.ReturnCode);
            var record = Assert.IsType<ARecord>(Assert.Single(answer.AnswerRecords));
            Assert.Equal(IPAddress.Parse("192.0.2.1"), record.Address);
            Assert.Equal(123, record.TimeToLive);
        }

        Assert.Equal(1, server.QueryCount("www.example.test", TestTransport.Udp));
        Assert.Equal(1, server.QueryCount("www.example.test.", TestTransport.Tcp));
        Assert.Equal(2, server.QueryCount("WWW.EXAMPLE.TEST"));
        Assert.Equal(2, server.TotalQueries);
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    [InlineData(false, false, false)]
    public async Task Echoes_id_question_case_rd_cd_and_edns(bool edns, bool dnssecOk, bool checkingDisabled)
    {
        await using var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { UdpPayloadSize = 1400 });
        server.Zone.AddA("case.test", "192.0.2.2");
        var query = DnsTestClient.CreateQuery("CaSe.TeSt", edns: edns, udpPayloadSize: 4096, dnssecOk: dnssecOk, checkingDisabled: checkingDisabled, id: 0x4242);

        var answer = (await DnsTestClient.QueryUdpAsync(server.Endpoint, query)).Message;

        Assert.Equal(0x4242, answer.TransactionID);
        Assert.False(answer.IsQuery);
        Assert.True(answer.IsRecursionDesired);
        Assert.True(answer.IsRecursionAllowed);
        Assert.Equal(checkingDisabled, answer.IsCheckingDisabled);
        Assert.Equal("CaSe.TeSt.", answer.Questions[0].Name.ToString());
        Assert.Equal(edns, answer.IsEDnsEnabled);
        if (edns)
        {
            Assert.Equal(1400, answer.EDnsOptions!.UdpPayloadSize);
            Assert.Equal(dnssecOk, answer.EDnsOptions.IsDnsSecOk);
        }
    }

    [Fact]
    public async Task Follows_a_cname_chain()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddCname("a.chain.test", "b.chain.test").AddCname("b.chain.test", "c.chain.test").AddA("c.chain.test", "192.0.2.3");

        var answer = (await DnsTestClient.QueryUdpAsync(server.Endpoint, DnsTestClient.CreateQuery("a.chain.test"))).Message;

        Assert.Equal(3, answer.AnswerRecords.Count);
        Assert.IsType<CNameRecord>(answer.AnswerRecords[0]);
        Assert.IsType<CNameRecord>(answer.AnswerRecords[1]);
        Assert.Equal(IPAddress.Parse("192.0.2.3"), Assert.IsType<ARecord>(answer.AnswerRecords[2]).Address);
    }

    [Theory]
    [InlineData("missing.neg.test", RecordType.A, ReturnCode.NxDomain)]
    [InlineData("held.neg.test", RecordType.Aaaa, ReturnCode.NoError)]
    public async Task Negative_answers_carry_the_closest_soa(string name, RecordType type, ReturnCode expected)
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddSoa("neg.test", ttl: 900, minimum: 77).AddA("held.neg.test", "192.0.2.4");

        var answer = (await DnsTestClient.QueryUdpAsync(server.Endpoint, DnsTestClient.CreateQuery(name, type))).Message;

        Assert.Equal(expected, answer.ReturnCode);
        Assert.Empty(answer.AnswerRecords);
        var soa = Assert.IsType<SoaRecord>(Assert.Single(answer.AuthorityRecords));
        Assert.Equal("neg.test.", soa.Name.ToString());
        Assert.Equal(77, soa.NegativeCachingTTL);
    }

    [Fact]
    public async Task Explicit_nxdomain_without_soa_gets_a_synthesised_one()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("gone.test", "192.0.2.5").AddNxDomain("gone.test");

        var answer = (await DnsTestClient.QueryUdpAsync(server.Endpoint, DnsTestClient.CreateQuery("gone.test"))).Message;

        Assert.Equal(ReturnCode.NxDomain, answer.ReturnCode);
        Assert.Equal(LoopbackZone.DefaultNegativeTtl, Assert.IsType<SoaRecord>(Assert.Single(answer.AuthorityRecords)).NegativeCachingTTL);
    }

    [Fact]
    public async Task Large_answer_is_truncated_over_udp_and_complete_over_tcp()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddLargeTxt("big.test");

        var udp = await DnsTestClient.QueryUdpAsync(server.Endpoint, DnsTestClient.CreateQuery("big.test", RecordType.Txt));
        var tcp = await DnsTestClient.QueryTcpAsync(server.Endpoint, DnsTestClient.CreateQuery("big.test", RecordType.Txt));

        Assert.True(udp.Message.IsTruncated);
        Assert.Empty(udp.Message.AnswerRecords);
        Assert.True(udp.Raw.Length <= 1232);
        Assert.False(tcp.Message.IsTruncated);
        Assert.Equal(40, tcp.Message.AnswerRecords.Count);
        Assert.True(tcp.Raw.Length > 1232);
    }

    [Fact]
    public async Task Silent_server_drops_queries_but_counts_them()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("quiet.test", "192.0.2.6");
        server.Behavior = ServerBehavior.Silent;

        var answer = await DnsTestClient.TryQueryUdpAsync(server.Endpoint, DnsWireCodec.Encode(DnsTestClient.CreateQuery("quiet.test")), TimeSpan.FromMilliseconds(300));

        Assert.Null(answer);
        Assert.Equal(1, server.QueryCount("quiet.test"));
    }

    [Theory]
    [InlineData(ServerBehavior.ServerFailure, ReturnCode.ServerFailure)]
    [InlineData(ServerBehavior.Refuse, ReturnCode.Refused)]
    public async Task Failing_modes_answer_with_their_rcode(ServerBehavior behavior, ReturnCode expected)
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("fail.test", "192.0.2.7");
        server.Behavior = behavior;

        var answer = (await DnsTestClient.QueryTcpAsync(server.Endpoint, DnsTestClient.CreateQuery("fail.test"))).Message;

        Assert.Equal(expected, answer.ReturnCode);
        Assert.Empty(answer.AnswerRecords);
    }

    [Fact]
    public async Task Spoofing_mode_sends_two_forgeries_before_the_real_answer()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("target.test", "192.0.2.8");
        server.Behavior = ServerBehavior.SpoofThenAnswer;
        var query = DnsTestClient.CreateQuery("target.test", id: 0x1111);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server.Endpoint);
        await socket.SendAsync(DnsWireCodec.Encode(query));

        var messages = new List<DnsMessage>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 3; i++)
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            messages.Add(DnsWireCodec.Decode(buffer.AsSpan(0, length)));
        }

        Assert.NotEqual(0x1111, messages[0].TransactionID);
        Assert.Equal(LoopbackDnsServer.SpoofedAddress, Assert.IsType<ARecord>(messages[0].AnswerRecords[0]).Address);
        Assert.Equal(0x1111, messages[1].TransactionID);
        Assert.Equal("spoofed.invalid.", messages[1].Questions[0].Name.ToString());
        Assert.Equal(0x1111, messages[2].TransactionID);
        Assert.Equal(IPAddress.Parse("192.0.2.8"), Assert.IsType<ARecord>(messages[2].AnswerRecords[0]).Address);
    }

    [Fact]
    public async Task Serves_dns_over_tls_with_a_self_signed_certificate()
    {
        await using var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { EnableTls = true });
        server.Zone.AddA("tls.test", "192.0.2.9");
        Assert.StartsWith("tls://127.0.0.1:", server.TlsUpstream, StringComparison.Ordinal);
        Assert.EndsWith("#dns.test", server.TlsUpstream, StringComparison.Ordinal);

        using var client = new TcpClient();
        await client.ConnectAsync(server.TlsEndpoint!);
        await using var tls = new SslStream(client.GetStream(), false, (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == server.TlsCertificate!.GetCertHashString());
        await tls.AuthenticateAsClientAsync("dns.test");
        var query = DnsWireCodec.Encode(DnsTestClient.CreateQuery("tls.test"));
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);
        await tls.WriteAsync(framed);
        var header = new byte[2];
        await tls.ReadExactlyAsync(header);
        var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await tls.ReadExactlyAsync(answer);

        Assert.Equal(IPAddress.Parse("192.0.2.9"), Assert.IsType<ARecord>(DnsWireCodec.Decode(answer).AnswerRecords[0]).Address);
        Assert.Equal(1, server.QueryCount("tls.test", TestTransport.Tls));
        Assert.Equal(44, server.TlsSpkiSha256.Length);
    }

    [Fact]
    public async Task Binds_another_loopback_address()
    {
        await using var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { Address = IPAddress.Parse("127.0.0.2") });
        server.Zone.AddA("other.test", "192.0.2.10");

        var answer = await DnsTestClient.QueryUdpAsync(server.Endpoint, DnsTestClient.CreateQuery("other.test"));

        Assert.Equal(IPAddress.Parse("127.0.0.2"), server.Endpoint.Address);
        Assert.Single(answer.Message.AnswerRecords);
        var received = Assert.Single(server.ReceivedQueries);
        Assert.Equal(TestTransport.Udp, received.Transport);
        Assert.Equal("other.test", received.Name);
    }
}
