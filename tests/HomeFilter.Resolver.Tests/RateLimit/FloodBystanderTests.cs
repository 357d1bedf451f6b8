using System.Net;
using System.Net.Sockets;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.RateLimit;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Tests.Transport;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;
using HomeFilter.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeFilter.Resolver.Tests.RateLimit;

/// <summary>
/// On loopback, with the default limits: one client (127.0.0.2) sends as fast as it can while a neighbour in the same
/// /24 (127.0.0.3) asks 50 times a second. Every one of the neighbour's questions is answered, the flooder is limited
/// and the neighbour is not (no timing is asserted).
/// </summary>
public class FloodBystanderTests
{
    private static readonly IPAddress Flooder = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Bystander = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task A_flooding_neighbour_does_not_cost_a_bystander_its_answers()
    {
        var holder = new RuleSnapshotHolder();
        var compiled = PolicyCompiler.Compile(new PolicyDocument { TimeZone = "UTC" }, new CategoryTrieBuilder().Build(), [], BuiltInRules.None, TimeZoneInfo.Utc);
        holder.Publish(new RuleSnapshot(1, compiled, [], LocalRecordSet.Empty, ForwardZoneSet.Empty, null));
        var options = new RateLimitOptions();
        var limited = new LimitedClients(TimeProvider.System);
        var stage = new RateLimitStage(new GroupLimits(options), new ClientRateLimiter(options.TableSize), limited, options);
        var pipeline = new QueryPipeline([stage, new RateLimitStageTests.AnsweringStage()]);
        var processor = new PipelineQueryProcessor(pipeline, holder, new QueryStatistics(), NullLogger<PipelineQueryProcessor>.Instance);
        await using var server = await ListenerTestSupport.StartAsync(processor);
        var endpoint = server.Udp();

        using var stop = new CancellationTokenSource();
        long sent = 0;
        var flood = Task.Factory.StartNew(() => sent = Flood(endpoint, stop.Token), TaskCreationOptions.LongRunning);

        var unanswered = 0;
        for (var i = 0; i < 100; i++)
        {
            var query = DnsWireCodec.Encode(DnsTestClient.CreateQuery($"q{i}.example.com"));
            DnsTestResponse? answer = null;

            // Like a stub resolver: a lost datagram is asked again (the flood may fill the socket's receive buffer).
            for (var attempt = 0; attempt < 3 && answer is null; attempt++)
            {
                answer = await DnsTestClient.TryQueryUdpAsync(endpoint, query, TimeSpan.FromSeconds(1), Bystander);
            }

            unanswered += answer is null ? 1 : 0;
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await flood;

        Assert.True(sent > 5_000, $"the flooder sent only {sent} queries");
        Assert.Equal(0, unanswered);
        var rows = limited.Snapshot();
        var flooder = Assert.Single(rows);
        Assert.Equal("127.0.0.2", flooder.Client);
        Assert.True(flooder.ByAddress > 0);
        Assert.Equal(0, flooder.ByNetwork);
    }

    private static long Flood(IPEndPoint server, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(Flooder, 0));
        socket.Connect(server);
        var queries = new byte[256][];
        for (var i = 0; i < queries.Length; i++)
        {
            queries[i] = DnsWireCodec.Encode(DnsTestClient.CreateQuery($"miss{i}.flood.example"));
        }

        long sent = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                socket.Send(queries[sent % queries.Length]);
                sent++;
            }
            catch (SocketException)
            {
                // ECONNREFUSED from an earlier ICMP, or a full buffer: keep flooding.
            }
        }

        return sent;
    }
}
