using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Branches;
using HomeFilter.Branches.Policy;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests.Branches;

/// <summary>
/// Two branch resolvers (the real program, in-process, each on its own loopback ports and data directory) sharing one
/// throw-away PostgreSQL cluster, with an admin API each.
/// </summary>
internal sealed class BranchNetwork : IAsyncDisposable
{
    public const string Token = "branch-network-token-0123456789";

    private BranchNetwork(PostgresCluster cluster, LoopbackDnsServer upstream, HomeFilterInstance central, HomeFilterInstance east)
    {
        Cluster = cluster;
        Upstream = upstream;
        Central = central;
        East = east;
    }

    public PostgresCluster Cluster { get; }

    public LoopbackDnsServer Upstream { get; }

    public HomeFilterInstance Central { get; }

    public HomeFilterInstance East { get; }

    /// <summary>Skips (outside CI) when no PostgreSQL server can be started here.</summary>
    public static void SkipUnlessAvailable()
    {
        if (!PostgresCluster.Required)
        {
            Assert.SkipWhen(PostgresCluster.Unavailable is not null, PostgresCluster.Unavailable ?? "");
        }
    }

    public static async Task<BranchNetwork> StartAsync(CancellationToken cancellationToken)
    {
        var cluster = await PostgresCluster.StartNewAsync(cancellationToken);
        var upstream = LoopbackDnsServer.Start();
        for (var i = 0; i < 400; i++)
        {
            upstream.Zone.AddA($"site{i}.test", "192.0.2.10");
        }

        upstream.Zone.AddA("blocked.test", "192.0.2.66");
        var database = await cluster.CreateDatabaseAsync("network", cancellationToken);
        var central = await StartBranchAsync(upstream, database, "central");

        // The first branch seeds the empty store; the second starts on the network's policy.
        await WaitAsync(() => Policy(central).Generation >= 1, TimeSpan.FromSeconds(20), "the first branch seeds the store");
        var east = await StartBranchAsync(upstream, database, "east");
        await WaitAsync(() => Policy(east).Generation >= 1, TimeSpan.FromSeconds(20), "the second branch takes the network policy");
        return new BranchNetwork(cluster, upstream, central, east);
    }

    public static BranchPolicyService Policy(HomeFilterInstance branch) => branch.Services.GetRequiredService<BranchPolicyService>();

    public static BranchState State(HomeFilterInstance branch) => branch.Services.GetRequiredService<BranchState>();

    public static HttpClient Api(HomeFilterInstance branch, string? token = Token)
    {
        var address = branch.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(address) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The first A address of the answer (0.0.0.0 when blocked), or 255.255.255.255 when there is none.</summary>
    public static async Task<IPAddress> AskAsync(HomeFilterInstance branch, string name) =>
        (await DnsTestClient.QueryUdpAsync(branch.Udp, DnsTestClient.CreateQuery(name))).Message.AnswerRecords.OfType<ARecord>().FirstOrDefault()?.Address ?? IPAddress.None;

    /// <summary>Every row of <paramref name="branch"/> whose name contains <paramref name="fragment"/>, from the central log (through <paramref name="api"/>).</summary>
    public static async Task<List<JsonElement>> RowsAsync(HttpClient api, string branch, string fragment)
    {
        var rows = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = $"/api/querylog?branch={branch}&name={fragment}&match=substring&limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await api.GetFromJsonAsync<JsonElement>(url, TestContext.Current.CancellationToken);
            rows.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return rows;
    }

    /// <summary>Checks <paramref name="condition"/> every 50 ms until it holds or <paramref name="limit"/> passed (then fails saying what).</summary>
    public static async Task WaitAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {limit.TotalSeconds:0.#} s: {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {limit.TotalSeconds:0.#} s: {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await East.DisposeAsync();
        await Central.DisposeAsync();
        await Upstream.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    private static Task<HomeFilterInstance> StartBranchAsync(LoopbackDnsServer upstream, string connectionString, string id) =>
        HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Store:Provider"] = "postgres",
            ["HomeFilter:Store:ConnectionString"] = connectionString,
            ["HomeFilter:Branch:Id"] = id,
            ["HomeFilter:Admin:Enabled"] = "true",
            ["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0",
            ["HomeFilter:Admin:Token"] = Token,
            ["HomeFilter:QueryLog:FlushMilliseconds"] = "100",
        });
}
