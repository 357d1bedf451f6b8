using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests.Policy;

/// <summary>
/// The whole program with catalog sources served from a loopback host: it downloads and applies them (one a UT1-style
/// tar.gz archive), refreshes with 304s, and survives a failing, a shrinking and an overblocking source without changing
/// what it blocks, saying so in <c>/api/lists</c> and with an alert.
/// </summary>
public sealed class CatalogListsTests : IAsyncDisposable
{
    private const string Token = "catalog-lists-token-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-catalog-it-").FullName;

    [Fact]
    public async Task Catalog_lists_download_refresh_and_survive_failing_shrinking_and_overblocking_sources()
    {
        await using var host = await LoopbackListHost.StartAsync();
        host.Set("/adult.txt", Encoding.UTF8.GetBytes("# adult\nadult.test\nmore-adult.test\n"), "\"a1\"");
        host.Set("/porn.hosts", Encoding.UTF8.GetBytes("0.0.0.0 porn.test\n0.0.0.0 google.com\n0.0.0.0 other-porn.test\n"), "\"p1\"");
        host.Set("/blacklists/gambling.tar.gz", TarGz("gambling/domains", Names("bet", 100)), "\"g1\"");

        var bundled = Bundled(host.BaseUrl);
        var policy = Path.Combine(_folder, "policy.json");
        await File.WriteAllTextAsync(policy, """
            { "categories": { "adult": { "sources": ["test-adult", "test-porn"] }, "gambling": { "sources": ["test-gambling"] } },
              "default": { "block": ["adult", "gambling"] } }
            """, TestContext.Current.CancellationToken);
        await using var upstream = LoopbackDnsServer.Start();
        foreach (var name in new[] { "adult.test", "porn.test", "google.com", "bet1.test", "bet99.test", "new-adult.test" })
        {
            upstream.Zone.AddA(name, "192.0.2.10");
        }

        await using var filter = await HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Policy:File"] = policy,
            ["HomeFilter:Policy:BundledLists"] = bundled,
            ["HomeFilter:Admin:Enabled"] = "true",
            ["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0",
            ["HomeFilter:Admin:Token"] = Token,
        });
        var address = filter.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var api = new HttpClient { BaseAddress = new Uri(address) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        async Task<string> AskAsync(string name) =>
            ((await DnsTestClient.QueryUdpAsync(filter.Udp, DnsTestClient.CreateQuery(name))).Message.AnswerRecords.OfType<ARecord>().FirstOrDefault()?.Address ?? IPAddress.None).ToString();

        // Downloaded and applied; the entry that would block google.com is held back with its line.
        string[] blocked = ["adult.test", "porn.test", "bet1.test", "bet99.test"];
        foreach (var name in blocked)
        {
            Assert.Equal("0.0.0.0", await AskAsync(name));
        }

        Assert.Equal("192.0.2.10", await AskAsync("google.com"));
        var lists = await ListsAsync(api);
        Assert.All(lists.Values, l => Assert.Equal("catalog", l.GetProperty("kind").GetString()));
        Assert.Equal(100, lists["test-gambling"].GetProperty("entries").GetInt32());
        Assert.Equal(1, lists["test-porn"].GetProperty("essentialHeldBack").GetInt32());
        var hold = Assert.Single(lists["test-porn"].GetProperty("essentialHolds").EnumerateArray());
        Assert.Equal("google.com", hold.GetProperty("name").GetString());
        Assert.Equal(2, hold.GetProperty("lineNumber").GetInt32());

        // Refreshing every list now: each answers 304, nothing is parsed again.
        var before = host.Requests.Count;
        using (var refresh = await api.PostAsync("/api/lists/refresh", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        }

        var conditional = host.Requests.Skip(before).ToList();
        Assert.Equal(3, conditional.Count);
        Assert.All(conditional, r => Assert.Equal(304, r.Status));
        Assert.All((await ListsAsync(api)).Values, l => Assert.Equal("ok", l.GetProperty("status").GetString()));

        // A failing host and a copy shrunk to a tenth: both keep the last good copy in force.
        host.Fail("/adult.txt");
        host.Set("/blacklists/gambling.tar.gz", TarGz("gambling/domains", Names("bet", 10)), "\"g2\"");
        using (var refresh = await api.PostAsync("/api/lists/test-adult/refresh", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        }

        using (var refresh = await api.PostAsync("/api/lists/test-gambling/refresh", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        }

        foreach (var name in blocked)
        {
            Assert.Equal("0.0.0.0", await AskAsync(name));
        }

        Assert.Equal("192.0.2.10", await AskAsync("google.com"));
        lists = await ListsAsync(api);
        Assert.Equal("failed (using the last good copy)", lists["test-adult"].GetProperty("status").GetString());
        Assert.Contains("500", lists["test-adult"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("held back", lists["test-gambling"].GetProperty("status").GetString());
        Assert.Contains("less than half", lists["test-gambling"].GetProperty("heldBack").GetString(), StringComparison.Ordinal);
        Assert.Equal(100, lists["test-gambling"].GetProperty("entries").GetInt32());

        var alert = await EventuallyAsync(async () =>
        {
            var alerts = await api.GetFromJsonAsync<JsonElement>("/api/alerts?kind=listHeldBack", TestContext.Current.CancellationToken);
            return alerts.EnumerateArray().FirstOrDefault(a => a.GetProperty("name").GetString() is not null);
        });
        Assert.Contains("held back", alert.GetProperty("message").GetString(), StringComparison.Ordinal);

        // The host is back with a new copy: it applies.
        host.Set("/adult.txt", Encoding.UTF8.GetBytes("# adult\nadult.test\nmore-adult.test\nnew-adult.test\n"), "\"a2\"");
        using (var refresh = await api.PostAsync("/api/lists/test-adult/refresh", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        }

        Assert.Equal("0.0.0.0", await AskAsync("new-adult.test"));
        Assert.Equal("ok", (await ListsAsync(api))["test-adult"].GetProperty("status").GetString());
    }

    private static async Task<Dictionary<string, JsonElement>> ListsAsync(HttpClient api)
    {
        var lists = await api.GetFromJsonAsync<JsonElement>("/api/lists", TestContext.Current.CancellationToken);
        var byId = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var list in lists.EnumerateArray())
        {
            // The bundled bypass lists are there too; this test is about the catalog's.
            if (list.GetProperty("category").GetString() != "bypass")
            {
                byId[list.GetProperty("id").GetString()!] = list;
            }
        }

        Assert.Equal(["test-adult", "test-gambling", "test-porn"], byId.Keys.Order(StringComparer.Ordinal));
        return byId;
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var found = await probe();
            if (found.ValueKind != JsonValueKind.Undefined || DateTime.UtcNow > deadline)
            {
                Assert.NotEqual(JsonValueKind.Undefined, found.ValueKind);
                return found;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A bundled folder: the bypass files, an essential name, and a catalog whose entries point at the host.</summary>
    private string Bundled(string baseUrl)
    {
        var bundled = Directory.CreateDirectory(Path.Combine(_folder, "bundled", "bypass")).Parent!.FullName;
        File.WriteAllText(Path.Combine(bundled, "bypass", "doh-resolvers.txt"), "dns.google\n");
        File.WriteAllText(Path.Combine(bundled, "bypass", "signals.txt"), "use-application-dns.net\n");
        File.WriteAllText(Path.Combine(bundled, "safesearch.txt"), "");
        File.WriteAllText(Path.Combine(bundled, "essential.txt"), "# test\ngoogle.com\n");
        static string Entry(string id, string category, string url, string format, string compression) => $$"""
            { "id": "{{id}}", "category": "{{category}}", "name": "{{id}}", "url": "{{url}}", "format": "{{format}}", "compression": "{{compression}}",
              "licence": "MIT", "homepage": "https://lists.example", "description": "A test list.", "approximateEntries": 3, "sizeMeasured": true }
            """;
        File.WriteAllText(Path.Combine(bundled, "catalog.json"), $$"""
            { "version": 1, "lists": [
              {{Entry("test-adult", "adult", baseUrl + "/adult.txt", "plain", "none")}},
              {{Entry("test-porn", "adult", baseUrl + "/porn.hosts", "hosts", "none")}},
              {{Entry("test-gambling", "gambling", baseUrl + "/blacklists/gambling.tar.gz", "plain", "tar.gz")}}
            ], "presets": [] }
            """);
        return bundled;
    }

    private static string Names(string prefix, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(prefix).Append(i).Append(".test\n");
        }

        return text.ToString();
    }

    private static byte[] TarGz(string member, string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, member) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        }

        return output.ToArray();
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
