using System.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Tests.QueryLog;

/// <summary>Queries on the wire end up as rows with their group, outcome, category and answers.</summary>
public sealed class QueryLogTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-querylog-").FullName;
    private LoopbackDnsServer _upstream = null!;
    private HomeFilterInstance _filter = null!;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "adult.txt"), "adult.test\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "policy.json"), """
        {
          "categories": { "adult": { "sources": ["adult.txt"] } },
          "groups": [
            { "name": "kids", "clients": ["127.0.0.2"], "block": ["adult"] },
            { "name": "library", "clients": ["127.0.0.3"], "block": ["adult"], "anonymizeClients": true },
            { "name": "private", "clients": ["127.0.0.4"], "log": "none" },
            { "name": "quiet", "clients": ["127.0.0.5"], "block": ["adult"], "log": "blocked" }
          ]
        }
        """);
        _upstream = LoopbackDnsServer.Start();
        _upstream.Zone.AddA("fine.test", "192.0.2.1").AddA("adult.test", "192.0.2.66");
        _filter = await HomeFilterInstance.StartAsync([_upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Policy:File"] = Path.Combine(_folder, "policy.json"),
            ["HomeFilter:QueryLog:FlushMilliseconds"] = "50",
        });
    }

    private Task<DnsMessage> Ask(string client, string name) =>
        DnsTestClient.QueryUdpFromAsync(_filter.Udp, IPAddress.Parse(client), DnsTestClient.CreateQuery(name));

    private async Task<IReadOnlyList<QueryLogRecord>> WaitForRowsAsync(int count)
    {
        var store = _filter.Services.GetRequiredService<IQueryLogStore>();
        var writer = _filter.Services.GetRequiredService<QueryLogWriter>();
        for (var i = 0; i < 100 && writer.Stored < count; i++)
        {
            await Task.Delay(50);
        }

        return (await store.SearchAsync(new QueryLogFilter { Limit = 1000 }, CancellationToken.None)).Items;
    }

    [Fact]
    public async Task Every_query_is_logged_with_group_outcome_category_and_answers()
    {
        await Ask("127.0.0.2", "fine.test");
        await Ask("127.0.0.2", "fine.test");
        await Ask("127.0.0.2", "adult.test");
        await Ask("127.0.0.9", "fine.test");
        var rows = await WaitForRowsAsync(4);
        Assert.Equal(4, rows.Count);

        var blocked = Assert.Single(rows, r => r.Outcome == QueryOutcome.Blocked);
        Assert.Equal(("127.0.0.2", "kids", "adult.test", "adult", "category adult"), (blocked.Client, blocked.Group, blocked.Name, blocked.Category, blocked.Rule));
        var kidsRows = rows.Where(r => r.Client == "127.0.0.2" && r.Name == "fine.test").OrderBy(r => r.Id).ToList();
        Assert.Equal([QueryOutcome.Forwarded, QueryOutcome.Cached], kidsRows.Select(r => r.Outcome));
        Assert.Equal(["192.0.2.1"], kidsRows[0].Answers);
        Assert.NotNull(kidsRows[0].Upstream);
        Assert.True(kidsRows[0].UpstreamMicroseconds > 0);
        Assert.Null(Assert.Single(rows, r => r.Client == "127.0.0.9").Group);
        Assert.All(rows, r => Assert.Equal(_filter.Services.GetRequiredService<HomeFilter.Resolver.Reload.RuleSnapshotHolder>().Current.Generation, r.Generation));
    }

    [Fact]
    public async Task Group_privacy_is_honoured()
    {
        await Ask("127.0.0.3", "fine.test");   // library: anonymised
        await Ask("127.0.0.4", "fine.test");   // private: not logged
        await Ask("127.0.0.5", "fine.test");   // quiet: only blocked
        await Ask("127.0.0.5", "adult.test");
        var rows = await WaitForRowsAsync(2);
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Client == "127.0.0.0" && r.Group == "library");
        Assert.Contains(rows, r => r.Group == "quiet" && r.Outcome == QueryOutcome.Blocked);
        Assert.DoesNotContain(rows, r => r.Group == "private");
    }

    public async ValueTask DisposeAsync()
    {
        await _filter.DisposeAsync();
        await _upstream.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
