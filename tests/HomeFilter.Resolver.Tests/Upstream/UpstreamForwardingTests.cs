using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Upstream;

/// <summary>Forwarding through the upstream set to real DNS servers on loopback.</summary>
public sealed class UpstreamForwardingTests
{
    [Fact]
    public async Task Forwards_an_a_query_and_returns_the_upstreams_answer()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("www.example.test", "192.0.2.1", ttl: 321);
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));

        var forwarded = await set.ForwardAsync("www.example.test");

        Assert.Equal(AttemptStatus.Answered, forwarded.Result.Status);
        Assert.Equal(server.UdpUpstream, forwarded.Result.Upstream);
        var record = Assert.IsType<ARecord>(Assert.Single(forwarded.Message!.AnswerRecords));
        Assert.Equal(IPAddress.Parse("192.0.2.1"), record.Address);
        Assert.Equal(321, record.TimeToLive);
        Assert.Equal(1, server.QueryCount("www.example.test", TestTransport.Udp));
        var health = set.Health(server.UdpUpstream);
        Assert.Equal(1, health.Successes);
        Assert.NotNull(health.LatencyMs);
    }

    [Fact]
    public async Task Forwards_to_an_ipv6_upstream_over_udp_and_tcp()
    {
        Assert.SkipUnless(Socket.OSSupportsIPv6, "IPv6 is not available on this machine.");
        await using var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { Address = IPAddress.IPv6Loopback });
        server.Zone.AddAaaa("v6.test", "2001:db8::1").AddLargeTxt("big.v6.test");
        Assert.StartsWith("[::1]:", server.UdpUpstream, StringComparison.Ordinal);
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));

        var small = await set.ForwardAsync("v6.test", RecordType.Aaaa);
        var big = await set.ForwardAsync("big.v6.test", RecordType.Txt);

        Assert.Equal(IPAddress.Parse("2001:db8::1"), Assert.IsType<AaaaRecord>(Assert.Single(small.Message!.AnswerRecords)).Address);
        Assert.Equal(40, big.Message!.AnswerRecords.Count);
        Assert.Equal(0, set.Health(server.UdpUpstream).MismatchedAnswers);
    }

    [Fact]
    public async Task Negative_answers_are_answers()
    {
        await using var server = LoopbackDnsServer.Start();
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));

        var forwarded = await set.ForwardAsync("nothing.example.test");

        Assert.Equal(AttemptStatus.Answered, forwarded.Result.Status);
        Assert.Equal(ReturnCode.NxDomain, forwarded.Message!.ReturnCode);
        Assert.IsType<SoaRecord>(Assert.Single(forwarded.Message.AuthorityRecords));
    }

    [Fact]
    public async Task The_query_on_the_wire_has_a_random_id_and_port_rd_and_edns_with_do()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("wire.test", "192.0.2.2");
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(AttemptStatus.Answered, (await set.ForwardAsync("wire.test", dnssecOk: i % 2 == 0)).Result.Status);
        }

        var received = server.ReceivedQueries;
        Assert.Equal(20, received.Count);
        for (var i = 0; i < received.Count; i++)
        {
            var message = received[i].Message;
            Assert.True(message.IsRecursionDesired);
            Assert.Equal(1232, message.EDnsOptions!.UdpPayloadSize);
            Assert.Equal(i % 2 == 0, message.EDnsOptions.IsDnsSecOk);
        }

        // The test support writes ID 0x1234 into every query: each attempt must replace it with a fresh one.
        Assert.InRange(received.Select(q => q.Message.TransactionID).Distinct().Count(), 18, 20);
        Assert.InRange(received.Select(q => q.Remote.Port).Distinct().Count(), 15, 20);
    }

    [Fact]
    public async Task A_truncated_udp_answer_is_fetched_again_over_tcp_in_full()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddLargeTxt("big.test");
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));

        var forwarded = await set.ForwardAsync("big.test", RecordType.Txt);

        Assert.Equal(AttemptStatus.Answered, forwarded.Result.Status);
        Assert.False(forwarded.Message!.IsTruncated);
        Assert.Equal(40, forwarded.Message.AnswerRecords.Count);
        Assert.True(forwarded.Raw.Length > 1232);
        Assert.Equal(1, server.QueryCount("big.test", TestTransport.Udp));
        Assert.Equal(1, server.QueryCount("big.test", TestTransport.Tcp));
    }

    [Fact]
    public async Task Tcp_only_upstreams_reuse_their_connection()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("tcp.test", "192.0.2.3");
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.TcpUpstream));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(AttemptStatus.Answered, (await set.ForwardAsync("tcp.test")).Result.Status);
        }

        Assert.Equal(5, server.QueryCount("tcp.test", TestTransport.Tcp));
        Assert.Equal(0, server.QueryCount(TestTransport.Udp));
        Assert.Equal(1, server.AcceptedConnections(TestTransport.Tcp));
    }

    [Fact]
    public async Task A_silent_first_upstream_falls_back_to_the_second_within_the_deadline()
    {
        await using var silent = LoopbackDnsServer.Start();
        await using var working = LoopbackDnsServer.Start();
        silent.Behavior = ServerBehavior.Silent;
        working.Zone.AddA("fallback.test", "192.0.2.4");
        var options = UpstreamTestSupport.Options(silent.UdpUpstream, working.UdpUpstream);
        options.UpstreamTimeoutMs = 500;
        options.UpstreamDeadlineMs = 5_000;
        await using var set = UpstreamTestSupport.CreateSet(options);

        var forwarded = await set.ForwardAsync("fallback.test");

        Assert.Equal(AttemptStatus.Answered, forwarded.Result.Status);
        Assert.Equal(working.UdpUpstream, forwarded.Result.Upstream);
        Assert.Equal(1, silent.QueryCount("fallback.test"));
        var health = set.Health(silent.UdpUpstream);
        Assert.Equal(1, health.Timeouts);
        Assert.Equal(UpstreamState.Unknown, health.State); // timed out once, never answered: not down, not known to work
        Assert.Equal(UpstreamState.Healthy, set.Health(working.UdpUpstream).State);
    }

    [Fact]
    public async Task When_every_upstream_is_silent_the_query_fails_at_the_deadline()
    {
        await using var first = LoopbackDnsServer.Start();
        await using var second = LoopbackDnsServer.Start();
        first.Behavior = ServerBehavior.Silent;
        second.Behavior = ServerBehavior.Silent;
        var options = UpstreamTestSupport.Options(first.UdpUpstream, second.UdpUpstream);
        options.UpstreamTimeoutMs = 400;
        options.UpstreamDeadlineMs = 600;
        await using var set = UpstreamTestSupport.CreateSet(options);
        var watch = Stopwatch.StartNew();

        var forwarded = await set.ForwardAsync("dead.test");

        watch.Stop();
        Assert.Equal(AttemptStatus.Failed, forwarded.Result.Status);
        Assert.Equal(0, forwarded.Result.Length);
        Assert.Null(forwarded.Result.Upstream);
        Assert.Equal(1, first.QueryCount("dead.test"));
        Assert.True(second.QueryCount("dead.test") <= 1);

        // The deadline, not two full timeouts plus more, bounds the wait (with generous slack for a busy machine).
        Assert.InRange(watch.ElapsedMilliseconds, 350, 3_000);
    }

    [Fact]
    public async Task A_closed_port_fails_at_once_instead_of_waiting_for_the_timeout()
    {
        int closedPort;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closedPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        await using var working = LoopbackDnsServer.Start();
        working.Zone.AddA("closed.test", "192.0.2.5");
        var closed = "127.0.0.1:" + closedPort;
        var options = UpstreamTestSupport.Options(closed, working.UdpUpstream);
        options.UpstreamSelection = UpstreamSelection.Ordered;
        options.UpstreamTimeoutMs = 10_000;
        options.UpstreamDeadlineMs = 20_000;
        await using var set = UpstreamTestSupport.CreateSet(options);

        var forwarded = await set.ForwardAsync("closed.test");

        Assert.Equal(working.UdpUpstream, forwarded.Result.Upstream);
        var health = set.Health(closed);
        Assert.Equal(1, health.Failures);
        Assert.Equal(0, health.Timeouts);
        Assert.Equal("network error: ConnectionRefused", health.LastError);
    }

    [Theory]
    [InlineData(TestTransport.Udp)]
    [InlineData(TestTransport.Tcp)]
    [InlineData(TestTransport.Tls)]
    public async Task Forged_answers_with_a_wrong_id_or_question_are_ignored_and_counted(TestTransport transport)
    {
        await using var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { EnableTls = true });
        server.Zone.AddA("target.test", "192.0.2.6");
        server.Behavior = ServerBehavior.SpoofThenAnswer;
        var upstream = transport switch
        {
            TestTransport.Udp => server.UdpUpstream,
            TestTransport.Tcp => server.TcpUpstream,
            _ => server.TlsUpstream,
        };
        var options = UpstreamTestSupport.Options(upstream);
        options.UpstreamTlsPinnedSpkiSha256 = [server.TlsSpkiSha256];
        await using var set = UpstreamTestSupport.CreateSet(options);

        var forwarded = await set.ForwardAsync("target.test");

        Assert.Equal(AttemptStatus.Answered, forwarded.Result.Status);
        var record = Assert.IsType<ARecord>(Assert.Single(forwarded.Message!.AnswerRecords));
        Assert.Equal(IPAddress.Parse("192.0.2.6"), record.Address);
        Assert.Equal("target.test.", forwarded.Message.Questions[0].Name.ToString());
        Assert.Equal(2, set.Health(upstream).MismatchedAnswers);
    }

    [Fact]
    public async Task Servfail_from_the_first_upstream_tries_the_next()
    {
        await using var failing = LoopbackDnsServer.Start();
        await using var working = LoopbackDnsServer.Start();
        failing.Behavior = ServerBehavior.ServerFailure;
        working.Zone.AddA("servfail.test", "192.0.2.7");
        var options = UpstreamTestSupport.Options(failing.UdpUpstream, working.UdpUpstream);
        options.UpstreamSelection = UpstreamSelection.Ordered;
        await using var set = UpstreamTestSupport.CreateSet(options);

        var forwarded = await set.ForwardAsync("servfail.test");

        Assert.Equal(AttemptStatus.Answered, forwarded.Result.Status);
        Assert.Equal(working.UdpUpstream, forwarded.Result.Upstream);
        Assert.Equal(1, failing.QueryCount("servfail.test"));

        // SERVFAIL is an answer: the upstream stays healthy and nothing counts against it.
        var health = set.Health(failing.UdpUpstream);
        Assert.Equal(1, health.Successes);
        Assert.Equal(0, health.ConsecutiveFailures);
    }

    [Fact]
    public async Task When_every_upstream_answers_servfail_or_refused_the_last_answer_is_passed_through()
    {
        await using var refusing = LoopbackDnsServer.Start();
        await using var failing = LoopbackDnsServer.Start();
        refusing.Behavior = ServerBehavior.Refuse;
        failing.Behavior = ServerBehavior.ServerFailure;
        var options = UpstreamTestSupport.Options(refusing.UdpUpstream, failing.UdpUpstream);
        options.UpstreamSelection = UpstreamSelection.Ordered;
        await using var set = UpstreamTestSupport.CreateSet(options);

        var forwarded = await set.ForwardAsync("broken.test");

        Assert.Equal(AttemptStatus.ErrorAnswer, forwarded.Result.Status);
        Assert.Equal(failing.UdpUpstream, forwarded.Result.Upstream);
        Assert.Equal(ReturnCode.ServerFailure, forwarded.Message!.ReturnCode);
        Assert.Equal("broken.test.", forwarded.Message.Questions[0].Name.ToString());

        // REFUSED is an answer to our query: the upstream is alive and nothing counts against it.
        Assert.Equal(0, set.Health(refusing.UdpUpstream).Failures);
        Assert.Equal(0, set.Health(refusing.UdpUpstream).ConsecutiveFailures);
        Assert.Equal(1, set.Health(refusing.UdpUpstream).Successes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task An_upstream_that_refuses_some_names_stays_up_and_keeps_serving_the_rest(int upstreamCount)
    {
        await using var first = LoopbackDnsServer.Start();
        await using var second = LoopbackDnsServer.Start();
        first.Zone.AddRefused("refused.test").AddA("fine.test", "192.0.2.10");
        second.Zone.AddA("refused.test", "192.0.2.11").AddA("fine.test", "192.0.2.10");
        var options = upstreamCount == 1
            ? UpstreamTestSupport.Options(first.UdpUpstream)
            : UpstreamTestSupport.Options(first.UdpUpstream, second.UdpUpstream);
        options.UpstreamSelection = UpstreamSelection.Ordered;
        options.UpstreamFailuresBeforeDown = 3;
        await using var set = UpstreamTestSupport.CreateSet(options);

        // Far more REFUSED answers than the failures that would mark it down.
        for (var i = 0; i < 20; i++)
        {
            var refused = await set.ForwardAsync("refused.test");
            if (upstreamCount == 1)
            {
                // Nobody else to ask: the client gets the upstream's REFUSED.
                Assert.Equal(AttemptStatus.ErrorAnswer, refused.Result.Status);
                Assert.Equal(ReturnCode.Refused, refused.Message!.ReturnCode);
            }
            else
            {
                // The next upstream is asked once and its answer wins.
                Assert.Equal(AttemptStatus.Answered, refused.Result.Status);
                Assert.Equal(second.UdpUpstream, refused.Result.Upstream);
            }
        }

        var health = set.Health(first.UdpUpstream);
        Assert.Equal(UpstreamState.Healthy, health.State);
        Assert.Equal(0, health.Failures);
        Assert.Equal(0, health.ConsecutiveFailures);
        Assert.Equal(20, first.QueryCount("refused.test"));

        // Selection is unchanged: other names still go to the first upstream.
        var fine = await set.ForwardAsync("fine.test");
        Assert.Equal(AttemptStatus.Answered, fine.Result.Status);
        Assert.Equal(first.UdpUpstream, fine.Result.Upstream);
        Assert.Equal(0, second.QueryCount("fine.test"));
    }

    [Fact]
    public async Task A_servfail_in_hand_is_returned_rather_than_waiting_on_a_down_upstream()
    {
        await using var dead = LoopbackDnsServer.Start();
        await using var failing = LoopbackDnsServer.Start();
        dead.Behavior = ServerBehavior.Silent;
        failing.Behavior = ServerBehavior.ServerFailure;
        var options = UpstreamTestSupport.Options(dead.UdpUpstream, failing.UdpUpstream);
        options.UpstreamSelection = UpstreamSelection.Ordered;
        options.UpstreamFailuresBeforeDown = 1;
        options.UpstreamTimeoutMs = 500;
        options.UpstreamRetryBackoffMs = 60_000;
        await using var set = UpstreamTestSupport.CreateSet(options);
        await set.ForwardAsync("first.test");
        Assert.Equal(UpstreamState.Down, set.Health(dead.UdpUpstream).State);

        var forwarded = await set.ForwardAsync("second.test");

        Assert.Equal(AttemptStatus.ErrorAnswer, forwarded.Result.Status);
        Assert.Equal(0, dead.QueryCount("second.test"));
    }

    [Fact]
    public async Task Ordered_selection_keeps_to_the_first_healthy_upstream()
    {
        await using var slow = LoopbackDnsServer.Start();
        await using var fast = LoopbackDnsServer.Start();
        slow.ResponseDelay = TimeSpan.FromMilliseconds(100);
        slow.Zone.AddA("order.test", "192.0.2.8");
        fast.Zone.AddA("order.test", "192.0.2.8");
        var options = UpstreamTestSupport.Options(slow.UdpUpstream, fast.UdpUpstream);
        options.UpstreamSelection = UpstreamSelection.Ordered;
        await using var set = UpstreamTestSupport.CreateSet(options);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(slow.UdpUpstream, (await set.ForwardAsync("order.test")).Result.Upstream);
        }

        Assert.Equal(0, fast.TotalQueries);
    }

    [Fact]
    public async Task Fastest_selection_measures_each_upstream_then_prefers_the_quicker_one()
    {
        await using var slow = LoopbackDnsServer.Start();
        await using var fast = LoopbackDnsServer.Start();
        slow.ResponseDelay = TimeSpan.FromMilliseconds(200);
        slow.Zone.AddA("speed.test", "192.0.2.9");
        fast.Zone.AddA("speed.test", "192.0.2.9");
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(slow.UdpUpstream, fast.UdpUpstream));

        var upstreams = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            upstreams.Add((await set.ForwardAsync("speed.test")).Result.Upstream);
        }

        // Both start unmeasured: the first (configured first) query measures the slow one, the second the fast one.
        Assert.Equal(slow.UdpUpstream, upstreams[0]);
        Assert.All(upstreams.Skip(1), u => Assert.Equal(fast.UdpUpstream, u));
        Assert.Equal(1, slow.TotalQueries);
    }

    [Fact]
    public async Task A_dead_upstream_is_marked_down_avoided_probed_with_real_traffic_and_brought_back()
    {
        await using var flaky = LoopbackDnsServer.Start();
        await using var backup = LoopbackDnsServer.Start();
        flaky.Behavior = ServerBehavior.Silent;
        flaky.Zone.AddA("health.test", "192.0.2.10");
        backup.Zone.AddA("health.test", "192.0.2.10");
        var options = UpstreamTestSupport.Options(flaky.UdpUpstream, backup.UdpUpstream);
        options.UpstreamSelection = UpstreamSelection.Ordered;
        options.UpstreamFailuresBeforeDown = 2;
        options.UpstreamTimeoutMs = 400;
        options.UpstreamRetryBackoffMs = 1_000;
        options.UpstreamMaxRetryBackoffMs = 2_000;
        await using var set = UpstreamTestSupport.CreateSet(options);

        // Two timeouts in a row: down. After one it has never answered: not down yet, but not known to work either.
        Assert.Equal(backup.UdpUpstream, (await set.ForwardAsync("health.test")).Result.Upstream);
        Assert.Equal(UpstreamState.Unknown, set.Health(flaky.UdpUpstream).State);
        Assert.Equal(backup.UdpUpstream, (await set.ForwardAsync("health.test")).Result.Upstream);
        var down = set.Health(flaky.UdpUpstream);
        Assert.Equal(UpstreamState.Down, down.State);
        Assert.Equal(2, down.Timeouts);
        Assert.Equal("no answer within the timeout", down.LastError);
        Assert.NotNull(down.DownSince);

        // While down (and the back-off not over) it gets no traffic at all.
        var before = flaky.TotalQueries;
        Assert.Equal(backup.UdpUpstream, (await set.ForwardAsync("health.test")).Result.Upstream);
        Assert.Equal(before, flaky.TotalQueries);

        // It recovers; after the back-off a real query is copied to it in the background and brings it back.
        flaky.Behavior = ServerBehavior.Answer;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (set.Health(flaky.UdpUpstream).State != UpstreamState.Healthy && DateTime.UtcNow < deadline)
        {
            // Clients are still served meanwhile (by the backup, or by the recovered upstream if the probe wins the race).
            Assert.Equal(AttemptStatus.Answered, (await set.ForwardAsync("health.test")).Result.Status);
            await Task.Delay(50);
        }

        Assert.Equal(UpstreamState.Healthy, set.Health(flaky.UdpUpstream).State);

        // One probe while down; at most one more query if a probe completed before that query chose its upstream.
        Assert.InRange(flaky.TotalQueries, before + 1, before + 2);

        Assert.Equal(flaky.UdpUpstream, (await set.ForwardAsync("health.test")).Result.Upstream);
        Assert.Null(set.Health(flaky.UdpUpstream).DownSince);
    }

    [Fact]
    public async Task When_every_upstream_is_down_they_are_still_tried_and_one_that_answers_is_back_at_once()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Behavior = ServerBehavior.Silent;
        server.Zone.AddA("resume.test", "192.0.2.11");
        var options = UpstreamTestSupport.Options(server.UdpUpstream);
        options.UpstreamFailuresBeforeDown = 1;

        // Long enough that the answer of the second query is not missed on a busy machine (all test assemblies run at once).
        options.UpstreamTimeoutMs = 1500;
        options.UpstreamRetryBackoffMs = 60_000;
        options.UpstreamMaxRetryBackoffMs = 60_000;
        await using var set = UpstreamTestSupport.CreateSet(options);
        Assert.Equal(AttemptStatus.Failed, (await set.ForwardAsync("resume.test")).Result.Status);
        Assert.Equal(UpstreamState.Down, set.Health(server.UdpUpstream).State);

        server.Behavior = ServerBehavior.Answer;
        var forwarded = await set.ForwardAsync("resume.test");

        Assert.Equal(AttemptStatus.Answered, forwarded.Result.Status);
        Assert.Equal(UpstreamState.Healthy, set.Health(server.UdpUpstream).State);
    }

    [Fact]
    public async Task Dns_over_tls_with_a_pinned_key_answers_and_reuses_the_connection()
    {
        await using var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { EnableTls = true });
        server.Zone.AddA("dot.test", "192.0.2.12");
        server.Zone.AddLargeTxt("big.dot.test");
        var options = UpstreamTestSupport.Options(server.TlsUpstream);
        options.UpstreamTlsPinnedSpkiSha256 = [server.TlsSpkiSha256];
        await using var set = UpstreamTestSupport.CreateSet(options);

        var first = await set.ForwardAsync("dot.test");
        var second = await set.ForwardAsync("big.dot.test", RecordType.Txt);

        Assert.Equal(AttemptStatus.Answered, first.Result.Status);
        Assert.Equal(IPAddress.Parse("192.0.2.12"), Assert.IsType<ARecord>(Assert.Single(first.Message!.AnswerRecords)).Address);
        Assert.Equal(40, second.Message!.AnswerRecords.Count);
        Assert.Equal(2, server.QueryCount(TestTransport.Tls));
        Assert.Equal(0, server.QueryCount(TestTransport.Udp));
        Assert.Equal(1, server.AcceptedConnections(TestTransport.Tls));
        Assert.Equal(UpstreamProtocol.Tls, set.Health(server.TlsUpstream).Protocol);
    }

    [Fact]
    public async Task Dns_over_tls_refuses_an_untrusted_certificate_and_says_why()
    {
        await using var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { EnableTls = true });
        server.Zone.AddA("dot.test", "192.0.2.13");
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.TlsUpstream));

        var forwarded = await set.ForwardAsync("dot.test");

        Assert.Equal(AttemptStatus.Failed, forwarded.Result.Status);
        Assert.Equal(0, server.QueryCount(TestTransport.Tls));
        Assert.Contains("certificate not trusted", set.Health(server.TlsUpstream).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_over_tls_refuses_a_key_that_is_not_pinned()
    {
        await using var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { EnableTls = true });
        var options = UpstreamTestSupport.Options(server.TlsUpstream);
        options.UpstreamTlsPinnedSpkiSha256 = [Convert.ToBase64String(new byte[32])];
        await using var set = UpstreamTestSupport.CreateSet(options);

        var forwarded = await set.ForwardAsync("dot.test");

        Assert.Equal(AttemptStatus.Failed, forwarded.Result.Status);
        Assert.Contains(server.TlsSpkiSha256 + " is not in UpstreamTlsPinnedSpkiSha256", set.Health(server.TlsUpstream).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_over_tls_without_certificate_checks_accepts_a_self_signed_server()
    {
        await using var server = LoopbackDnsServer.Start(new LoopbackDnsServerOptions { EnableTls = true });
        server.Zone.AddA("dot.test", "192.0.2.14");
        var options = UpstreamTestSupport.Options(server.TlsUpstream);
        options.UpstreamTlsValidateCertificate = false;
        await using var set = UpstreamTestSupport.CreateSet(options);

        Assert.Equal(AttemptStatus.Answered, (await set.ForwardAsync("dot.test")).Result.Status);
    }

    [Fact]
    public async Task A_pooled_connection_the_server_closed_is_replaced_transparently()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("reconnect.test", "192.0.2.15");
        var options = UpstreamTestSupport.Options(server.TcpUpstream);
        await using var set = UpstreamTestSupport.CreateSet(options);
        Assert.Equal(AttemptStatus.Answered, (await set.ForwardAsync("reconnect.test")).Result.Status);

        server.CloseConnections();
        var forwarded = await set.ForwardAsync("reconnect.test");

        Assert.Equal(AttemptStatus.Answered, forwarded.Result.Status);
        Assert.Equal(2, server.AcceptedConnections(TestTransport.Tcp));
        Assert.Equal(0, set.Health(server.TcpUpstream).Failures);
    }
}
