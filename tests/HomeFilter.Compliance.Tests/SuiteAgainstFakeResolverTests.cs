using HomeFilter.Compliance.Tests.Fakes;
using static HomeFilter.Compliance.Tests.ExpectedLabels;

namespace HomeFilter.Compliance.Tests;

/// <summary>
/// The suite against an in-process resolver that is compliant, or broken in exactly one way: each
/// fault must fail exactly the checks genreport would fail for it, with genreport's tag.
/// </summary>
public sealed class SuiteAgainstFakeResolverTests
{
    private static readonly EdnsComplianceOptions Fast = EdnsComplianceOptions.Default with
    {
        UdpRetryInterval = TimeSpan.FromMilliseconds(200),
        TcpTimeout = TimeSpan.FromSeconds(5),
    };

    public static TheoryData<FakeResolverFaults, string[], string> Faults => new()
    {
        { FakeResolverFaults.SetAa, All, "aa" },
        { FakeResolverFaults.StripOpt, Both(EdnsNames), "noopt" },
        { FakeResolverFaults.EchoUnknownOption, Both("ednsopt", "edns1opt"), "echoed" },
        { FakeResolverFaults.IgnoreEdnsVersion, Both("edns1", "edns1opt", "edns1do", "edns1nsid", "edns1cookie", "edns1expire", "edns1subnet"), "noerror" },
        { FakeResolverFaults.EchoZ, Both("zflag", "opcodeflg"), "z" },
        { FakeResolverFaults.EchoUndefinedEdnsFlags, Both("ednsflags"), "mbz" },

        // Only answers that carry RRSIGs show a dropped DO: the DNSKEY ones at www are empty, and the
        // apex DNSKEY answer to edns@512 is truncated to nothing.
        { FakeResolverFaults.DropDo, ["do", "docd", "signed", "ednstcp", "A/do", "A/docd", "A/signed"], "nodo" },
        { FakeResolverFaults.IgnoreUdpSize, ["edns@512"], "toobig" },
        { FakeResolverFaults.ClearRa, AllExcept("opcode", "opcodeflg"), "nora" },
        { FakeResolverFaults.ClearRd, AllExcept("opcode", "opcodeflg"), "nord" },
        { FakeResolverFaults.FormErrForUnknownOpcode, Both("opcode", "opcodeflg"), "formerr" },
        { FakeResolverFaults.DropUnknownOpcode, Both("opcode", "opcodeflg"), "timeout" },
        { FakeResolverFaults.WrongServerCookie, Both("optlist", "ednscookie"), "cookie-mismatch" },
        { FakeResolverFaults.TrailingGarbage, All, "malformed" },
        { FakeResolverFaults.SetAd, AllExcept("ad", "edns@512", "do", "docd", "edns1do", "signed", "ednstcp"), "ad" },
        { FakeResolverFaults.FormErrForTc, Both("tc", "opcodeflg"), "formerr" },
    };

    [Fact]
    public async Task A_compliant_resolver_passes_all_64_checks_in_genreport_order()
    {
        var results = await RunAsync(FakeResolverFaults.None, Fast);

        Assert.Equal(All, results.Select(r => r.Label));
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.All(results, r => Assert.Null(r.Reason));
        Assert.Equal("ok,yes", results.Single(r => r.Label == "signed").Outcome);
        Assert.Equal("ok,cookie", results.Single(r => r.Label == "ednscookie").Outcome);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_fault_fails_exactly_the_checks_genreport_fails_for_it(FakeResolverFaults fault, string[] failing, string tag)
    {
        var results = await RunAsync(fault, Fast);

        Assert.Equal(failing.Order(StringComparer.Ordinal), results.Where(r => !r.Passed).Select(r => r.Label).Order(StringComparer.Ordinal));
        Assert.All(results.Where(r => !r.Passed), r =>
        {
            Assert.Contains(tag, r.Outcome.Split(','));
            Assert.StartsWith(r.Outcome.Split(',')[0], r.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_common_group_adds_the_BIND_9_11_queries()
    {
        var options = Fast with { Groups = ComplianceGroups.All, Flavours = QueryFlavours.ApexSoa };

        var compliant = await RunAsync(FakeResolverFaults.None, options);
        var badCookie = await RunAsync(FakeResolverFaults.WrongServerCookie, options);

        Assert.Equal(["signed", "ednstcp", "bind11", "dig11"], compliant.Select(r => r.Label).TakeLast(4));
        Assert.All(compliant, r => Assert.True(r.Passed, r.ToString()));
        Assert.Equal(["optlist", "ednscookie", "bind11", "dig11"], badCookie.Where(r => !r.Passed).Select(r => r.Label));
    }

    [Fact]
    public async Task The_apex_flavour_alone_is_genreports_report()
    {
        var results = await RunAsync(FakeResolverFaults.None, Fast with { Flavours = QueryFlavours.ApexSoa });

        Assert.Equal(Names, results.Select(r => r.Label));
        Assert.All(results, r => Assert.Equal(QueryFlavours.ApexSoa, r.Flavour));
    }

    [Fact]
    public async Task A_server_that_resolves_nothing_is_a_setup_error_not_64_failures()
    {
        await using var server = FakeDnsServer.Start((query, _) => Refuse(query));

        var error = await Assert.ThrowsAsync<ComplianceSetupException>(() =>
            EdnsComplianceSuite.RunAsync(server.EndPoint, FakeResolver.ExistingName, Fast, TestContext.Current.CancellationToken));

        Assert.Contains("REFUSED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_server_is_a_setup_error()
    {
        await using var server = FakeDnsServer.Start((_, _) => null);

        var error = await Assert.ThrowsAsync<ComplianceSetupException>(() =>
            EdnsComplianceSuite.RunAsync(server.EndPoint, FakeResolver.ExistingName, Fast with { UdpAttempts = 2 },
                TestContext.Current.CancellationToken));

        Assert.Contains("no answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_counts_and_explains_each_failure()
    {
        var results = await RunAsync(FakeResolverFaults.EchoUnknownOption, Fast);

        var summary = EdnsComplianceSuite.FormatSummary(results);

        Assert.StartsWith("EDNS compliance (genreport -R): 60 of 64 checks ok", summary, StringComparison.Ordinal);
        Assert.Contains(" ednsopt=echoed edns1opt=echoed do=ok ", summary, StringComparison.Ordinal);
        Assert.Contains("  FAIL A/ednsopt: echoed: the unknown EDNS option 100 was echoed back", summary, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<ComplianceResult>> RunAsync(FakeResolverFaults faults, EdnsComplianceOptions options)
    {
        var resolver = new FakeResolver(faults);
        await using var server = FakeDnsServer.Start(resolver.Respond);
        return await EdnsComplianceSuite.RunAsync(server.EndPoint, FakeResolver.ExistingName, options, TestContext.Current.CancellationToken);
    }

    private static byte[] Refuse(byte[] query)
    {
        var response = (byte[])query.Clone();
        response[2] |= 0x80;
        response[3] = (byte)((response[3] & 0xF0) | 5);
        return response;
    }
}
