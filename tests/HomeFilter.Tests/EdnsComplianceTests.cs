using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Compliance;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;

namespace HomeFilter.Tests;

/// <summary>
/// ISC genreport's recursive-mode EDNS checks (both flavours, 64 in all) against the running program,
/// once with an empty cache and once with everything cached: a forwarder must not lose EDNS correctness
/// when it answers from its cache.
/// </summary>
public sealed class EdnsComplianceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_check_passes_cold_and_warm()
    {
        await using var upstream = LoopbackDnsServer.Start();
        var apex = DomainName.Parse("compliance.test");
        upstream.Zone
            .AddSoa("compliance.test", ttl: 3600, minimum: 300)
            .Add(new SoaRecord(apex, 3600, DomainName.Parse("ns.compliance.test"), DomainName.Parse("hostmaster.compliance.test"), 1, 3600, 600, 86400, 300))
            .AddA("www.compliance.test", "192.0.2.53", ttl: 3600);
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);

        foreach (var pass in new[] { "cold", "warm" })
        {
            var results = await EdnsComplianceSuite.RunAsync(filter.Udp, "www.compliance.test", TestContext.Current.CancellationToken);
            output.WriteLine($"{pass}: {EdnsComplianceSuite.FormatSummary(results)}");
            Assert.Equal(64, results.Count);
            var failures = results.Where(r => !r.Passed).Select(r => $"{pass} {r.Label}: {r.Reason}").ToList();
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }
    }
}
