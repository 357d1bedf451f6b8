using System.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Reload;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests.Policy;

/// <summary>A category list named by URL is downloaded from a local HTTP server; when the server is gone, the last good copy keeps blocking.</summary>
public sealed class ListDownloadTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-download-").FullName;

    [Fact]
    public async Task A_url_list_blocks_and_survives_its_server_going_away()
    {
        // Kestrel on port 0: no free-port probe that another test could take first.
        var server = await LoopbackListHost.StartAsync();
        server.Set("/social.txt", "# social list\nchat.test\n");
        var policy = Path.Combine(_folder, "policy.json");
        await File.WriteAllTextAsync(policy, $$"""
        { "categories": { "social": { "sources": ["{{server.BaseUrl}}/social.txt"] } }, "default": { "block": ["social"] } }
        """);
        await using var upstream = LoopbackDnsServer.Start();
        upstream.Zone.AddA("chat.test", "192.0.2.10");
        await using var filter = await HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?> { ["HomeFilter:Policy:File"] = policy });

        async Task<IPAddress?> AskAsync() => (await DnsTestClient.QueryUdpAsync(filter.Udp, DnsTestClient.CreateQuery("chat.test"))).Message.AnswerRecords.OfType<ARecord>().FirstOrDefault()?.Address;
        Assert.Equal(IPAddress.Any, await AskAsync());

        await server.DisposeAsync();

        // Force a fresh download attempt: it fails, the cached copy is used, the rules stay the same.
        foreach (var meta in Directory.GetFiles(Path.Combine(filter.DataDirectory, "lists"), "*.json"))
        {
            File.SetLastWriteTimeUtc(meta, DateTime.UtcNow.AddDays(-2));
        }

        var result = await filter.Services.GetRequiredService<RuleSnapshotLoader>().ReloadAsync(CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(IPAddress.Any, await AskAsync());
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
