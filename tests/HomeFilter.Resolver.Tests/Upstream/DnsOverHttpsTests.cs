using System.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Upstream;

public sealed class DnsOverHttpsTests
{
    private static (LoopbackDnsServer Server, UpstreamSet Set) Start(Action<UpstreamOptions>? configure = null)
    {
        var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { EnableHttps = true });
        var options = UpstreamTestSupport.Options(server.HttpsUpstream);
        options.UpstreamTlsPinnedSpkiSha256 = [server.TlsSpkiSha256];
        configure?.Invoke(options);
        return (server, UpstreamTestSupport.CreateSet(options));
    }

    [Fact]
    public async Task Forwards_over_http2_with_id_zero_and_the_full_answer()
    {
        var (server, set) = Start();
        await using var _ = server;
        await using var __ = set;
        server.Zone.AddA("doh.test", "192.0.2.30").AddLargeTxt("big.doh.test");

        var small = await set.ForwardAsync("doh.test");
        var big = await set.ForwardAsync("big.doh.test", RecordType.Txt);

        Assert.Equal(AttemptStatus.Answered, small.Result.Status);
        Assert.Equal(server.HttpsUpstream, small.Result.Upstream);
        Assert.Equal(IPAddress.Parse("192.0.2.30"), Assert.IsType<ARecord>(Assert.Single(small.Message!.AnswerRecords)).Address);
        Assert.Equal(40, big.Message!.AnswerRecords.Count);
        Assert.All(server.ReceivedQueries, q => Assert.Equal(TestTransport.Https, q.Transport));
        Assert.All(server.ReceivedQueries, q => Assert.Equal(0, q.Message.TransactionID));
        Assert.All(server.HttpProtocols, p => Assert.Equal("HTTP/2", p));
        Assert.Equal(2, server.HttpProtocols.Count);
        Assert.Equal(UpstreamProtocol.Https, set.Health(server.HttpsUpstream).Protocol);
    }

    [Fact]
    public async Task A_silent_server_times_out()
    {
        var (server, set) = Start(o =>
        {
            o.UpstreamTimeoutMs = 300;
            o.UpstreamDeadlineMs = 500;
        });
        await using var _ = server;
        await using var __ = set;
        server.Behavior = ServerBehavior.Silent;

        var forwarded = await set.ForwardAsync("quiet.doh.test");

        Assert.Equal(AttemptStatus.Failed, forwarded.Result.Status);
        Assert.Equal(1, set.Health(server.HttpsUpstream).Timeouts);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused()
    {
        var (server, set) = Start(o => o.UpstreamTlsPinnedSpkiSha256 = []);
        await using var _ = server;
        await using var __ = set;

        var forwarded = await set.ForwardAsync("doh.test");

        Assert.Equal(AttemptStatus.Failed, forwarded.Result.Status);
        Assert.Equal(0, server.TotalQueries);
        Assert.Equal(1, set.Health(server.HttpsUpstream).Failures);
    }

    [Fact]
    public async Task Servfail_over_https_is_an_error_answer()
    {
        var (server, set) = Start();
        await using var _ = server;
        await using var __ = set;
        server.Behavior = ServerBehavior.ServerFailure;

        var forwarded = await set.ForwardAsync("fail.doh.test");

        Assert.Equal(AttemptStatus.ErrorAnswer, forwarded.Result.Status);
        Assert.Equal(ReturnCode.ServerFailure, forwarded.Message!.ReturnCode);
    }
}
