using System.Net;
using System.Net.Sockets;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.QueryLog;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests.QueryLog;

/// <summary>
/// One device floods the resolver while another queries normally: the bystander's answers all arrive and every one
/// of its queries is in the log; what the flooder loses from the log is recorded as a gap of the flooder's, never
/// silently missing.
/// </summary>
public sealed class LogFloodTests : IAsyncLifetime
{
    private static readonly IPAddress Flooder = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Bystander = IPAddress.Parse("127.0.0.3");
    private LoopbackDnsServer _upstream = null!;
    private HomeFilterInstance _filter = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = LoopbackDnsServer.Start();
        _upstream.Zone.AddA("fine.test", "192.0.2.1");
        for (var i = 0; i < 100; i++)
        {
            _upstream.Zone.AddA($"b{i}.bystander.test", "192.0.2.2");
        }

        // A small queue and slow commits, so the flood overruns the log quickly; the rate limit is off so that the
        // whole flood reaches the log (the rate limit has its own flood test).
        _filter = await HomeFilterInstance.StartAsync([_upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:RateLimit:Enabled"] = "false",
            ["HomeFilter:QueryLog:QueueCapacity"] = "512",
            ["HomeFilter:QueryLog:BatchSize"] = "128",
            ["HomeFilter:QueryLog:FlushMilliseconds"] = "500",
        });
    }

    [Fact]
    public async Task A_bystanders_queries_are_all_answered_and_all_logged_while_another_client_floods()
    {
        using var stop = new CancellationTokenSource();
        var flood = Task.Run(() => FloodAsync(stop.Token));
        await Task.Delay(300);
        var answered = 0;
        for (var i = 0; i < 100; i++)
        {
            // Like a stub resolver: a datagram lost in a full socket buffer is asked again.
            var query = DnsWireCodec.Encode(DnsTestClient.CreateQuery($"b{i}.bystander.test"));
            DnsTestResponse? answer = null;
            for (var attempt = 0; attempt < 3 && answer is null; attempt++)
            {
                answer = await DnsTestClient.TryQueryUdpAsync(_filter.Udp, query, TimeSpan.FromSeconds(2), Bystander);
            }

            answered += answer is null ? 0 : 1;
            await Task.Delay(20); // about 50 queries a second
        }

        await stop.CancelAsync();
        var sent = await flood;
        Assert.Equal(100, answered);

        var queue = _filter.Services.GetRequiredService<QueryLogQueue>();
        var writer = _filter.Services.GetRequiredService<QueryLogWriter>();
        var store = _filter.Services.GetRequiredService<IQueryLogStore>();
        // On a loaded 2-core machine the writer may need a while to store the flood's backlog.
        for (var i = 0; i < 600 && (queue.Pending > 0 || writer.Stored + queue.Gaps.Total < queue.Written); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(queue.Pending == 0 && writer.Stored + queue.Gaps.Total >= queue.Written, $"the writer did not catch up in 30 s: {queue.Pending} pending, {writer.Stored} stored, {queue.Gaps.Total} gaps, {queue.Written} written");

        // Every question it asked is in the log (a question asked again may be in it twice).
        var logged = await store.SearchAsync(new QueryLogFilter { Client = "127.0.0.3", Limit = 1000 }, CancellationToken.None);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in logged.Items)
        {
            names.Add(row.Name);
        }

        Assert.Equal(100, names.Count);

        // Whatever the flooder lost from the log is a gap of its own (none of the bystander's).
        await Task.Delay(1200);
        var gaps = await store.GetGapsAsync(null, null, null, CancellationToken.None);
        Assert.DoesNotContain(gaps, g => g.Client == "127.0.0.3");
        long flooderGaps = 0;
        foreach (var gap in gaps)
        {
            flooderGaps += gap.Client == "127.0.0.2" ? gap.Count : 0;
        }

        Assert.Equal(queue.Dropped, flooderGaps);
        Assert.True(queue.Dropped > 0, $"the flood never overran the log ({sent} sent, {queue.Written} logged), so fairness was not tried");
        Assert.True(sent > 1000, $"the flooder sent only {sent} queries");
    }

    /// <summary>Cache hits as fast as one socket sends them (answers read and thrown away), until told to stop.</summary>
    private async Task<long> FloodAsync(CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(Flooder, 0));
        socket.Connect(_filter.Udp);
        var query = DnsWireCodec.Encode(DnsTestClient.CreateQuery("fine.test"));
        var drain = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await socket.ReceiveAsync(buffer, SocketFlags.None, stop);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException)
                {
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        });
        long sent = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                socket.Send(query);
                sent++;
            }
            catch (SocketException)
            {
                // ICMP feedback or a full send buffer: keep flooding.
            }

            // Far more than the writer stores, but not so much that draining the rest takes the test long.
            if ((sent & 255) == 0)
            {
                await Task.Delay(1, CancellationToken.None);
            }
        }

        await drain;
        return sent;
    }

    public async ValueTask DisposeAsync()
    {
        await _filter.DisposeAsync();
        await _upstream.DisposeAsync();
    }
}
