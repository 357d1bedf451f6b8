using System.Globalization;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Tests;

/// <summary>version.bind and the rest of class CHAOS, asked with dig, are refused and never reach the upstream.</summary>
public sealed class ChaosClassTests
{
    [Fact]
    public async Task Dig_gets_refused_for_chaos_class_names_the_upstream_would_answer()
    {
        var dig = ExternalTool.Require("dig", "bind9-dnsutils");
        await using var upstream = LoopbackDnsServer.Start();
        string[] names = ["version.bind", "hostname.bind", "id.server", "version.server"];
        foreach (var name in names)
        {
            upstream.Zone.AddTxt(name, "upstream-secret-9.99");
        }

        await using var filter = await HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:QueryLog:FlushMilliseconds"] = "50",
        });
        var port = filter.Udp.Port.ToString(CultureInfo.InvariantCulture);
        foreach (var name in names)
        {
            foreach (var transport in new[] { "+notcp", "+tcp" })
            {
                var (exit, output) = await ExternalTool.RunAsync(
                    dig, ["@127.0.0.1", "-p", port, "-c", "CH", name, "TXT", transport, "+tries=1", "+time=3"], TimeSpan.FromSeconds(20));
                Assert.Equal(0, exit);
                Assert.Contains("status: REFUSED", output, StringComparison.Ordinal);
                Assert.DoesNotContain("upstream-secret", output, StringComparison.Ordinal);
            }
        }

        // The same name in class IN is an ordinary name and is forwarded.
        var (_, inClass) = await ExternalTool.RunAsync(dig, ["@127.0.0.1", "-p", port, "version.bind", "TXT", "+tries=1", "+time=3"], TimeSpan.FromSeconds(20));
        Assert.Contains("upstream-secret-9.99", inClass, StringComparison.Ordinal);
        foreach (var name in names)
        {
            Assert.Equal(name == "version.bind" ? 1 : 0, upstream.QueryCount(name));
        }

        // Logged as refused, with the reason.
        var writer = filter.Services.GetRequiredService<QueryLogWriter>();
        for (var i = 0; i < 100 && writer.Stored < (names.Length * 2) + 1; i++)
        {
            await Task.Delay(50);
        }

        var rows = (await filter.Services.GetRequiredService<IQueryLogStore>().SearchAsync(new QueryLogFilter { Limit = 100 }, CancellationToken.None)).Items;
        // (dig may ask again after a REFUSED, so a name can have more than its two rows.)
        var refused = rows.Where(r => r.Outcome == QueryOutcome.Refused).ToList();
        Assert.All(names, name => Assert.True(refused.Count(r => r.Name == name) >= 2, name));
        Assert.All(refused, r => Assert.Contains("CHAOS", r.Rule, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Outcome != QueryOutcome.Refused && r.Name != "version.bind");
    }
}
