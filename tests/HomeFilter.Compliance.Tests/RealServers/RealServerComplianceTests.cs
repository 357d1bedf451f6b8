using static HomeFilter.Compliance.Tests.ExpectedLabels;

namespace HomeFilter.Compliance.Tests.RealServers;

/// <summary>
/// The suite against real forwarders on loopback, in front of nsd serving the signed test zone, each run
/// twice: cold (first run against a fresh server) and warm (every answer the server caches is cached).
/// They show the suite agrees with how these servers are known to behave, and that it can fail one.
/// </summary>
public sealed class RealServerComplianceTests
{
    private static readonly EdnsComplianceOptions Options = EdnsComplianceOptions.Default with
    {
        UdpRetryInterval = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>
    /// unbound passes everything but the two checks whose query has TC set ("tc", "opcodeflg"): unbound
    /// refuses such a query with FORMERR ("request bad, has TC bit on") and echoes its header bits back, so
    /// genreport reports tc=formerr and opcodeflg=formerr,aa,ra,ad,cd,z for it too.
    /// </summary>
    [Fact]
    public async Task Unbound_passes_every_check_but_the_queries_with_TC_set_cold_and_warm()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lab = new LoopbackLab(ServerBinaries.Require("nsd", "unbound"));
        var nsd = await lab.StartNsdAsync(ct);
        var unbound = await lab.StartUnboundAsync(nsd.EndPoint, ct);

        var (cold, warm) = await RunColdAndWarmAsync(unbound);

        foreach (var run in new[] { cold, warm })
        {
            Assert.Equal(64, run.Count);
            Assert.Equal(Sorted(Both("tc", "opcodeflg")), Sorted(Failing(run)));
            Assert.All(run.Where(r => !r.Passed), r => Assert.StartsWith("formerr", r.Outcome, StringComparison.Ordinal));
            Assert.Equal("ok,yes", run.Single(r => r.Label == "signed").Outcome);
        }
    }

    /// <summary>
    /// pdns-recursor passes everything but the two unknown-opcode checks: it drops any request whose
    /// opcode is not QUERY instead of answering NOTIMP, so both time out.
    /// </summary>
    [Fact]
    public async Task Pdns_recursor_passes_every_check_but_the_unknown_opcodes_it_drops_cold_and_warm()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lab = new LoopbackLab(ServerBinaries.Require("nsd", "pdns_recursor"));
        var nsd = await lab.StartNsdAsync(ct);
        var recursor = await lab.StartPdnsRecursorAsync(nsd.EndPoint, ct);

        var (cold, warm) = await RunColdAndWarmAsync(recursor);

        foreach (var run in new[] { cold, warm })
        {
            Assert.Equal(Sorted(Both("opcode", "opcodeflg")), Sorted(Failing(run)));
            Assert.All(run.Where(r => !r.Passed), r => Assert.Equal("timeout", r.Outcome));
        }
    }

    /// <summary>
    /// dnsmasq in front of unbound (a forwarder in front of a recursive resolver, as a home network has it).
    /// dnsmasq caches A records but never SOA, so the apex flavour always reaches unbound and passes the
    /// EDNS-version and Z checks, while the same checks for the cached A record are answered by dnsmasq
    /// itself: an EDNS version 1 query gets NOERROR and the answer instead of BADVERS, and the Z bit of the
    /// query is echoed. Runs are sequential, so the cold run meets a cache the A/dns check has just filled
    /// and fails the same way.
    /// </summary>
    [Fact]
    public async Task Dnsmasq_fails_the_checks_it_answers_from_its_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lab = new LoopbackLab(ServerBinaries.Require("nsd", "unbound", "dnsmasq"));
        var nsd = await lab.StartNsdAsync(ct);
        var unbound = await lab.StartUnboundAsync(nsd.EndPoint, ct);
        var dnsmasq = await lab.StartDnsmasqAsync(unbound.EndPoint, ct);

        var (_, warm) = await RunColdAndWarmAsync(dnsmasq);

        string[] versionChecks = ["edns1", "edns1opt", "edns1nsid", "edns1cookie", "edns1expire", "edns1subnet"];
        foreach (var name in versionChecks)
        {
            Assert.True(warm.Single(r => r.Label == name).Passed, $"{name} is forwarded and should pass");
            var cached = warm.Single(r => r.Label == "A/" + name);
            Assert.False(cached.Passed);
            Assert.StartsWith("noerror", cached.Outcome, StringComparison.Ordinal);
        }

        Assert.True(warm.Single(r => r.Label == "zflag").Passed);
        Assert.Equal("z", warm.Single(r => r.Label == "A/zflag").Outcome);
    }

    private static async Task<(IReadOnlyList<ComplianceResult> Cold, IReadOnlyList<ComplianceResult> Warm)> RunColdAndWarmAsync(
        ServerProcess server)
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        var cold = await EdnsComplianceSuite.RunAsync(server.EndPoint, LoopbackLab.ExistingName, Options, ct);
        output.WriteLine($"{server.Name} at {server.EndPoint}, cold:");
        output.WriteLine(EdnsComplianceSuite.FormatSummary(cold));
        var warm = await EdnsComplianceSuite.RunAsync(server.EndPoint, LoopbackLab.ExistingName, Options, ct);
        output.WriteLine($"{server.Name} at {server.EndPoint}, warm:");
        output.WriteLine(EdnsComplianceSuite.FormatSummary(warm));
        return (cold, warm);
    }

    private static IEnumerable<string> Failing(IReadOnlyList<ComplianceResult> run) => run.Where(r => !r.Passed).Select(r => r.Label);

    private static string[] Sorted(IEnumerable<string> labels) => [.. labels.Order(StringComparer.Ordinal)];
}
