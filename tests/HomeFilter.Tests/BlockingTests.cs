using System.Buffers.Binary;
using System.Net;
using System.Text;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;

namespace HomeFilter.Tests;

/// <summary>Category lists configured at start block names and all their subdomains for every client.</summary>
public sealed class BlockingTests : IDisposable
{
    private readonly string _lists = Directory.CreateTempSubdirectory("homefilter-lists-").FullName;

    [Fact]
    public async Task Listed_names_and_their_subdomains_are_blocked_with_the_category_named()
    {
        var adult = Path.Combine(_lists, "adult.txt");
        await File.WriteAllTextAsync(adult, "# test list\nadult.test\n0.0.0.0 tracker.test\n");
        await using var upstream = LoopbackDnsServer.Start();
        upstream.Zone.AddA("fine.test", "192.0.2.1").AddA("adult.test", "192.0.2.66").AddA("notadult.test", "192.0.2.2");
        await using var filter = await HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Blocklists:adult:0"] = adult,
        });

        foreach (var name in new[] { "adult.test", "WWW.Adult.Test", "deep.cdn.adult.test", "tracker.test" })
        {
            var blocked = await ForwardingTests.Ask(filter, tcp: false, DnsTestClient.CreateQuery(name));
            Assert.Equal(ReturnCode.NoError, blocked.ReturnCode);
            Assert.Equal(IPAddress.Any, Assert.IsType<ARecord>(Assert.Single(blocked.AnswerRecords)).Address);
            var ede = Assert.IsType<UnknownOption>(Assert.Single(blocked.EDnsOptions!.Options));
            Assert.Equal(15, (int)ede.Type);
            Assert.Equal(15, BinaryPrimitives.ReadUInt16BigEndian(ede.Data));
            Assert.Equal("blocked: adult", Encoding.UTF8.GetString(ede.Data!.AsSpan(2)));
        }

        var aaaa = await ForwardingTests.Ask(filter, tcp: true, DnsTestClient.CreateQuery("adult.test", RecordType.Aaaa, edns: false));
        Assert.Equal(IPAddress.IPv6Any, Assert.IsType<AaaaRecord>(Assert.Single(aaaa.AnswerRecords)).Address);

        foreach (var (name, address) in new[] { ("fine.test", "192.0.2.1"), ("notadult.test", "192.0.2.2") })
        {
            var allowed = await ForwardingTests.Ask(filter, tcp: false, DnsTestClient.CreateQuery(name));
            Assert.Equal(IPAddress.Parse(address), Assert.IsType<ARecord>(Assert.Single(allowed.AnswerRecords)).Address);
        }

        Assert.Equal(0, upstream.QueryCount("adult.test"));
    }

    [Fact]
    public async Task A_missing_list_stops_the_start_rather_than_serving_unfiltered()
    {
        await using var upstream = LoopbackDnsServer.Start();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Blocklists:adult:0"] = Path.Combine(_lists, "does-not-exist.txt"),
        }));
        Assert.Contains("does-not-exist.txt", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_lists, recursive: true);
}
