using System.Globalization;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;

namespace HomeFilter.Tests;

/// <summary>dig and kdig, independent DNS clients, against the running program.</summary>
public sealed class RealClientTests
{
    [Fact]
    public async Task Dig_gets_the_upstream_answer_then_the_same_from_the_cache()
    {
        var dig = ExternalTool.Require("dig", "bind9-dnsutils");
        await using var upstream = LoopbackDnsServer.Start();
        upstream.Zone.AddA("example.test", "192.0.2.44", ttl: 600);
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);

        string[] arguments = ["@127.0.0.1", "-p", filter.Udp.Port.ToString(CultureInfo.InvariantCulture), "example.test", "A", "+tries=1", "+time=3"];
        var (firstExit, first) = await ExternalTool.RunAsync(dig, arguments, TimeSpan.FromSeconds(20));
        var (secondExit, second) = await ExternalTool.RunAsync(dig, arguments, TimeSpan.FromSeconds(20));

        Assert.Equal(0, firstExit);
        Assert.Equal(0, secondExit);
        foreach (var output in new[] { first, second })
        {
            Assert.Contains("status: NOERROR", output, StringComparison.Ordinal);
            Assert.Matches(@"example\.test\.\s+\d+\s+IN\s+A\s+192\.0\.2\.44", output);
            Assert.Contains("flags: qr rd ra;", output, StringComparison.Ordinal);
        }

        Assert.Equal(1, upstream.QueryCount("example.test"));
    }

    [Fact]
    public async Task Dig_shows_why_a_name_is_blocked()
    {
        var dig = ExternalTool.Require("dig", "bind9-dnsutils");
        var list = Path.GetTempFileName();
        await File.WriteAllTextAsync(list, "blocked.test\n");
        try
        {
            await using var upstream = LoopbackDnsServer.Start();
            await using var filter = await HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
            {
                ["HomeFilter:Blocklists:gambling:0"] = list,
            });
            var (exit, output) = await ExternalTool.RunAsync(
                dig,
                ["@127.0.0.1", "-p", filter.Udp.Port.ToString(CultureInfo.InvariantCulture), "www.blocked.test", "A", "+tries=1", "+time=3"],
                TimeSpan.FromSeconds(20));
            Assert.Equal(0, exit);
            Assert.Matches(@"EDE: 15 \(Blocked\).*blocked: gambling", output);
            Assert.Matches(@"www\.blocked\.test\.\s+\d+\s+IN\s+A\s+0\.0\.0\.0", output);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public async Task Dig_shows_why_every_upstream_failed()
    {
        var dig = ExternalTool.Require("dig", "bind9-dnsutils");
        await using var upstream = LoopbackDnsServer.Start();
        upstream.Behavior = ServerBehavior.Silent;
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);
        var (_, output) = await ExternalTool.RunAsync(
            dig,
            ["@127.0.0.1", "-p", filter.Udp.Port.ToString(CultureInfo.InvariantCulture), "unreachable.test", "A", "+tries=1", "+time=5"],
            TimeSpan.FromSeconds(20));
        Assert.Contains("status: SERVFAIL", output, StringComparison.Ordinal);
        Assert.Matches(@"EDE: 22 \(No Reachable Authority\).*no upstream reachable", output);
    }

    [Fact]
    public async Task Kdig_over_tcp_gets_a_large_answer_whole()
    {
        var kdig = ExternalTool.Require("kdig", "knot-dnsutils");
        await using var upstream = LoopbackDnsServer.Start();
        upstream.Zone.AddLargeTxt("big.test", count: 40);
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);
        var (exit, output) = await ExternalTool.RunAsync(
            kdig,
            ["@127.0.0.1", "-p", filter.Tcp.Port.ToString(CultureInfo.InvariantCulture), "+tcp", "big.test", "TXT"],
            TimeSpan.FromSeconds(20));
        Assert.Equal(0, exit);
        Assert.Contains("status: NOERROR", output, StringComparison.Ordinal);
        Assert.Equal(40, output.Split('\n').Count(line => line.StartsWith("big.test.", StringComparison.Ordinal) && line.Contains("TXT", StringComparison.Ordinal)));
    }
}
