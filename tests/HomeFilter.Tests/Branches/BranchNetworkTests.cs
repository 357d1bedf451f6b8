using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HomeFilter.Tests.Branches;

/// <summary>Two branches, one PostgreSQL: a policy change reaches the other branch, logs meet in one search, an outage loses nothing.</summary>
public sealed class BranchNetworkTests
{
    [Fact]
    public async Task A_policy_change_at_one_branch_is_applied_by_the_other_and_logs_from_both_are_tagged_by_branch()
    {
        BranchNetwork.SkipUnlessAvailable();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var network = await BranchNetwork.StartAsync(cancellationToken);
        using var central = BranchNetwork.Api(network.Central);
        Assert.Equal(IPAddress.Parse("192.0.2.66"), await BranchNetwork.AskAsync(network.East, "blocked.test"));

        var before = BranchNetwork.Policy(network.East).Generation;
        using (var put = await central.PutAsync("/api/policy", new StringContent("""{ "deny": ["blocked.test"] }"""), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // Through the announcement, not the 30-second poll.
        await BranchNetwork.WaitAsync(async () => Equals(await BranchNetwork.AskAsync(network.East, "blocked.test"), IPAddress.Any), TimeSpan.FromSeconds(2), "the other branch blocks the newly denied name");
        // The snapshot is published before the service records its generation: both follow within moments.
        await BranchNetwork.WaitAsync(() => Task.FromResult(BranchNetwork.Policy(network.East).Generation > before), TimeSpan.FromSeconds(2), "the other branch records the new generation");
        Assert.Equal(BranchNetwork.Policy(network.Central).Generation, BranchNetwork.Policy(network.East).Generation);

        Assert.Equal(IPAddress.Any, await BranchNetwork.AskAsync(network.Central, "blocked.test"));

        for (var i = 0; i < 5; i++)
        {
            await BranchNetwork.AskAsync(network.Central, $"site{i}.test");
            await BranchNetwork.AskAsync(network.East, $"site{100 + i}.test");
        }

        using var east = BranchNetwork.Api(network.East);
        await BranchNetwork.WaitAsync(async () => (await BranchNetwork.RowsAsync(central, "east", "site")).Count == 5 && (await BranchNetwork.RowsAsync(central, "central", "site")).Count == 5, TimeSpan.FromSeconds(20), "both branches' rows in the central log");
        var all = await central.GetFromJsonAsync<JsonElement>("/api/querylog?name=site&match=substring&limit=1000", cancellationToken);
        var branches = all.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("branch").GetString()).Distinct().Order().ToList();
        Assert.Equal(["central", "east"], branches);
        Assert.All(await BranchNetwork.RowsAsync(east, "east", "site"), r => Assert.StartsWith("site10", r.GetProperty("name").GetString(), StringComparison.Ordinal));

        // Each branch reports on its own timer (the first report waits for the database to be migrated).
        await BranchNetwork.WaitAsync(async () => (await central.GetFromJsonAsync<JsonElement>("/api/branches", cancellationToken)).GetArrayLength() == 2, TimeSpan.FromSeconds(20), "both branches in the network view");
        var listed = await central.GetFromJsonAsync<JsonElement>("/api/branches", cancellationToken);
        Assert.Equal(["central", "east"], listed.EnumerateArray().Select(b => b.GetProperty("id").GetString()).Order().ToList());
    }

    [Fact]
    public async Task Every_query_answered_while_the_database_is_down_reaches_the_central_log_once_and_in_order()
    {
        BranchNetwork.SkipUnlessAvailable();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var network = await BranchNetwork.StartAsync(cancellationToken);
        using var central = BranchNetwork.Api(network.Central);
        using (var put = await central.PutAsync("/api/policy", new StringContent("""{ "deny": ["blocked.test"] }"""), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await BranchNetwork.WaitAsync(async () => Equals(await BranchNetwork.AskAsync(network.East, "blocked.test"), IPAddress.Any), TimeSpan.FromSeconds(10), "the policy reaches both branches");

        await network.Cluster.StopAsync(cancellationToken);
        const int Queries = 120;
        for (var i = 0; i < Queries; i++)
        {
            Assert.Equal(IPAddress.Parse("192.0.2.10"), await BranchNetwork.AskAsync(network.Central, $"site{i}.test"));
            Assert.Equal(IPAddress.Parse("192.0.2.10"), await BranchNetwork.AskAsync(network.East, $"site{200 + i}.test"));
        }

        // The same policy keeps answering while the database is down.
        Assert.Equal(IPAddress.Any, await BranchNetwork.AskAsync(network.East, "blocked.test"));
        await BranchNetwork.WaitAsync(() => BranchNetwork.State(network.Central).SpoolDepth >= Queries && BranchNetwork.State(network.East).SpoolDepth >= Queries, TimeSpan.FromSeconds(30), "rows spooled at both branches");
        using (var status = BranchNetwork.Api(network.East))
        {
            var state = await status.GetFromJsonAsync<JsonElement>("/api/branch/status", cancellationToken);
            Assert.False(state.GetProperty("connected").GetBoolean());
            Assert.True(state.GetProperty("spoolDepth").GetInt64() >= Queries);
            Assert.Equal(JsonValueKind.String, state.GetProperty("oldestUnsentUtc").ValueKind);
        }

        await network.Cluster.StartAsync(cancellationToken);
        await BranchNetwork.WaitAsync(() => BranchNetwork.State(network.Central).SpoolDepth == 0 && BranchNetwork.State(network.East).SpoolDepth == 0, TimeSpan.FromSeconds(60), "both spools shipped");

        foreach (var (branch, first) in new[] { ("central", 0), ("east", 200) })
        {
            var rows = await BranchNetwork.RowsAsync(central, branch, "site");
            var names = rows.Select(r => r.GetProperty("name").GetString()!).ToList();
            Assert.Equal(Queries, names.Count);
            Assert.Equal(Enumerable.Range(first, Queries).Select(i => $"site{i}.test").Order(), names.Order());

            // Newest first from the search: by time the sequence only grows, and no number is used twice.
            var sequences = rows.AsEnumerable().Reverse().Select(r => r.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(sequences.Order(), sequences);
            Assert.Equal(sequences.Count, sequences.Distinct().Count());
            var order = rows.AsEnumerable().Reverse().Select(r => r.GetProperty("name").GetString()).ToList();
            Assert.Equal(Enumerable.Range(first, Queries).Select(i => $"site{i}.test"), order);
        }
    }
}
