using System.Buffers.Binary;
using System.Net;
using System.Text;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Reload;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests.Policy;

/// <summary>The policy on the wire: clients on different loopback addresses get their group's answers.</summary>
public sealed class PolicyTests : IAsyncLifetime
{
    private static readonly IPAddress Kids = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Staff = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Sleepy = IPAddress.Parse("127.0.0.4");
    private static readonly IPAddress Strict = IPAddress.Parse("127.0.0.5");

    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-policy-").FullName;
    private LoopbackDnsServer _upstream = null!;
    private LoopbackDnsServer _router = null!;
    private HomeFilterInstance _filter = null!;

    private string PolicyPath => Path.Combine(_folder, "policy.json");

    public async ValueTask InitializeAsync()
    {
        var bundled = Directory.CreateDirectory(Path.Combine(_folder, "bundled", "bypass")).Parent!.FullName;
        await File.WriteAllTextAsync(Path.Combine(bundled, "safesearch.txt"), "# test mapping\n[forcesafesearch.google.com]\nwww.google.com\ngoogle.com\n");
        await File.WriteAllTextAsync(Path.Combine(bundled, "bypass", "signals.txt"), "use-application-dns.net\nmask.icloud.com\n");
        await File.WriteAllTextAsync(Path.Combine(bundled, "bypass", "doh-resolvers.txt"), "dns.google\ncloudflare-dns.com\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "adult.txt"), "adult.test\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "social.txt"), "chat.test\n");

        _upstream = LoopbackDnsServer.Start();
        _upstream.Zone
            .AddA("chat.test", "192.0.2.10")
            .AddA("adult.test", "192.0.2.66")
            .AddA("www.adult.test", "192.0.2.66")
            .AddA("homework.test", "192.0.2.20")
            .AddA("news.test", "192.0.2.30")
            .AddA("www.google.com", "192.0.2.40")
            .AddA("forcesafesearch.google.com", "216.239.38.120")
            .AddCname("innocent.test", "tracker.adult.test")
            .AddA("tracker.adult.test", "192.0.2.67")
            .AddA("use-application-dns.net", "192.0.2.50");
        _router = LoopbackDnsServer.Start();
        _router.Zone.AddA("nas.home.arpa", "192.168.1.9");
        await File.WriteAllTextAsync(PolicyPath, PolicyJson(bedtime: "00:00"));
        _filter = await HomeFilterInstance.StartAsync([_upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Policy:File"] = PolicyPath,
            ["HomeFilter:Policy:BundledLists"] = bundled,
        });
    }

    private string PolicyJson(string bedtime) => $$"""
    {
      "timeZone": "Europe/London",
      "categories": {
        "adult":  { "sources": ["adult.txt"] },
        "social": { "sources": ["{{Path.Combine(_folder, "social.txt").Replace("\\", "\\\\", StringComparison.Ordinal)}}"] }
      },
      "allow": ["homework.test"],
      "deny": ["bad.test"],
      "default": { "block": ["adult"] },
      "local": [ { "name": "printer.home", "a": ["192.168.1.5"] } ],
      "forward": [ { "domain": "home.arpa", "servers": ["{{_router.UdpUpstream}}"] } ],
      "groups": [
        { "name": "kids", "clients": ["127.0.0.2"], "block": ["adult", "social"], "safeSearch": true },
        { "name": "staff", "clients": ["127.0.0.3/32"], "block": [] },
        { "name": "sleepy", "clients": ["127.0.0.4"], "block": ["adult"],
          "schedules": [ { "name": "bedtime", "from": "{{bedtime}}", "to": "{{bedtime}}", "block": ["*"] } ] },
        { "name": "strict", "clients": ["127.0.0.5"], "block": ["adult"], "blockMode": "nxdomain" }
      ]
    }
    """;

    private Task<DnsMessage> Ask(IPAddress client, string name, RecordType type = RecordType.A) =>
        DnsTestClient.QueryUdpFromAsync(_filter.Udp, client, DnsTestClient.CreateQuery(name, type));

    private static string? BlockText(DnsMessage answer, int code = 15)
    {
        if (answer.EDnsOptions is null)
        {
            return null;
        }

        foreach (var option in answer.EDnsOptions.Options)
        {
            if (option is UnknownOption { Type: (EDnsOptionType)15 } ede && BinaryPrimitives.ReadUInt16BigEndian(ede.Data) == code)
            {
                return Encoding.UTF8.GetString(ede.Data.AsSpan(2));
            }
        }

        return null;
    }

    private static IPAddress? FirstAddress(DnsMessage answer) => answer.AnswerRecords.OfType<ARecord>().FirstOrDefault()?.Address;

    [Fact]
    public async Task The_same_name_is_blocked_for_one_group_and_resolved_for_another()
    {
        var kids = await Ask(Kids, "chat.test");
        Assert.Equal(IPAddress.Any, FirstAddress(kids));
        Assert.Equal("blocked: social", BlockText(kids));

        var staff = await Ask(Staff, "chat.test");
        Assert.Equal(IPAddress.Parse("192.0.2.10"), FirstAddress(staff));
        Assert.Null(BlockText(staff));
    }

    [Fact]
    public async Task Clients_in_no_group_get_the_default_rules_and_subdomains_are_blocked_too()
    {
        var other = IPAddress.Parse("127.0.0.9");
        Assert.Equal(IPAddress.Any, FirstAddress(await Ask(other, "www.adult.test")));
        Assert.Equal(IPAddress.Parse("192.0.2.10"), FirstAddress(await Ask(other, "chat.test")));
        Assert.Equal(IPAddress.Any, FirstAddress(await Ask(Staff, "bad.test"))); // deny is for everyone
    }

    [Fact]
    public async Task Bedtime_blocks_everything_but_the_allow_entries()
    {
        var news = await Ask(Sleepy, "news.test");
        Assert.Equal(IPAddress.Any, FirstAddress(news));
        Assert.Equal("blocked: schedule bedtime", BlockText(news));
        Assert.Equal(IPAddress.Parse("192.0.2.20"), FirstAddress(await Ask(Sleepy, "homework.test")));
        Assert.Equal(IPAddress.Parse("192.0.2.30"), FirstAddress(await Ask(Kids, "news.test")));
    }

    [Fact]
    public async Task Safe_search_is_a_cname_to_the_enforced_host_for_the_kids_group_only()
    {
        var kids = await Ask(Kids, "www.google.com");
        var cname = Assert.IsType<CNameRecord>(kids.AnswerRecords[0]);
        Assert.Equal("forcesafesearch.google.com.", cname.CanonicalName.ToString());
        Assert.Equal(IPAddress.Parse("216.239.38.120"), FirstAddress(kids));
        Assert.Equal("safe search", BlockText(kids, code: 17));

        var staff = await Ask(Staff, "www.google.com");
        Assert.Equal(IPAddress.Parse("192.0.2.40"), FirstAddress(staff));
        Assert.DoesNotContain(staff.AnswerRecords, r => r is CNameRecord);
    }

    [Fact]
    public async Task Bypass_routes_are_closed_for_groups_that_block_something()
    {
        var canary = await Ask(Kids, "use-application-dns.net");
        Assert.Equal(ReturnCode.NxDomain, canary.ReturnCode);
        Assert.Equal(IPAddress.Any, FirstAddress(await Ask(Kids, "dns.google")));
        Assert.Equal(ReturnCode.NoError, (await Ask(Staff, "use-application-dns.net")).ReturnCode); // staff block nothing
    }

    [Fact]
    public async Task A_cname_into_a_blocked_domain_is_blocked()
    {
        var kids = await Ask(Kids, "innocent.test");
        Assert.Equal(IPAddress.Any, FirstAddress(kids));
        Assert.Equal("blocked: adult", BlockText(kids));
        Assert.Empty(kids.AnswerRecords.OfType<CNameRecord>());
        var staff = await Ask(Staff, "innocent.test"); // staff block nothing, not even through a CNAME
        Assert.Equal(IPAddress.Parse("192.0.2.67"), FirstAddress(staff));
    }

    [Fact]
    public async Task A_group_can_answer_blocks_with_nxdomain()
    {
        var strict = await Ask(Strict, "adult.test");
        Assert.Equal(ReturnCode.NxDomain, strict.ReturnCode);
        Assert.Equal("blocked: adult", BlockText(strict));
    }

    [Fact]
    public async Task Local_records_are_authoritative_and_forward_zones_go_to_their_server()
    {
        var printer = await Ask(Staff, "printer.home");
        Assert.True(printer.IsAuthoritiveAnswer);
        Assert.Equal(IPAddress.Parse("192.168.1.5"), FirstAddress(printer));
        Assert.Equal(ReturnCode.NoError, (await Ask(Staff, "printer.home", RecordType.Aaaa)).ReturnCode);

        Assert.Equal(IPAddress.Parse("192.168.1.9"), FirstAddress(await Ask(Staff, "nas.home.arpa")));
        Assert.Equal(1, _router.QueryCount("nas.home.arpa"));
        Assert.Equal(0, _upstream.QueryCount("nas.home.arpa"));
    }

    [Fact]
    public async Task An_invalid_policy_is_rejected_whole_and_the_old_one_keeps_answering()
    {
        var loader = _filter.Services.GetRequiredService<RuleSnapshotLoader>();
        var holder = _filter.Services.GetRequiredService<RuleSnapshotHolder>();
        var generation = holder.Current.Generation;

        var result = await loader.ImportAsync("""{ "groups": [ { "name": "x", "clients": ["not-an-ip"], "block": ["nope"] } ] }""", CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Path == "$.groups[0].clients[0]");
        Assert.Contains(result.Errors, e => e.Path == "$.groups[0].block[0]");
        Assert.Equal(generation, holder.Current.Generation);

        // A broken file on disk: the watcher's reload fails and the running policy stays.
        await File.WriteAllTextAsync(PolicyPath, "{ \"categories\": ");
        var reload = await loader.ReloadAsync(CancellationToken.None);
        Assert.False(reload.Succeeded);
        Assert.Equal(IPAddress.Any, FirstAddress(await Ask(Kids, "chat.test")));

        // A good import replaces the policy at once (and is stored where the file was).
        var changed = PolicyJson(bedtime: "00:00").Replace("\"block\": [\"adult\", \"social\"]", "\"block\": [\"adult\"]", StringComparison.Ordinal);
        var imported = await loader.ImportAsync(changed, CancellationToken.None);
        Assert.True(imported.Succeeded, string.Join("; ", imported.Errors));
        Assert.True(holder.Current.Generation > generation);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), FirstAddress(await Ask(Kids, "chat.test")));
        Assert.Contains("\"kids\"", await File.ReadAllTextAsync(PolicyPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_list_or_the_policy_file_on_disk_makes_a_new_snapshot()
    {
        var holder = _filter.Services.GetRequiredService<RuleSnapshotHolder>();
        Assert.Equal(IPAddress.Parse("192.0.2.30"), FirstAddress(await Ask(Kids, "news.test")));

        await File.AppendAllTextAsync(Path.Combine(_folder, "social.txt"), "news.test\n");
        Assert.True(await WaitForAsync(async () => FirstAddress(await Ask(Kids, "news.test"))?.Equals(IPAddress.Any) == true), "the list edit was not picked up");

        var generation = holder.Current.Generation;
        await File.WriteAllTextAsync(PolicyPath, PolicyJson(bedtime: "00:00").Replace("\"deny\": [\"bad.test\"]", "\"deny\": [\"bad.test\", \"news.test\"]", StringComparison.Ordinal));
        Assert.True(await WaitForAsync(() => Task.FromResult(holder.Current.Generation > generation)), "the policy edit was not picked up");
        Assert.Equal(IPAddress.Any, FirstAddress(await Ask(Staff, "news.test")));
    }

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition)
    {
        // File-system notifications and the reload debounce take a moment; this waits for an event, it measures nothing.
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    [Fact]
    public async Task Dig_from_a_kids_address_sees_every_decision()
    {
        var dig = ExternalTool.Require("dig", "bind9-dnsutils");
        async Task<string> DigAsync(string source, string name)
        {
            var (exit, output) = await ExternalTool.RunAsync(dig, ["-b", source, "@127.0.0.1", "-p", _filter.Udp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+tries=1", "+time=3", name, "A"], TimeSpan.FromSeconds(15));
            Assert.True(exit == 0, output);
            return output;
        }

        var adult = await DigAsync("127.0.0.2", "adult.test");
        Assert.Contains("status: NOERROR", adult, StringComparison.Ordinal);
        Assert.Matches(@"adult\.test\.\s+10\s+IN\s+A\s+0\.0\.0\.0", adult);
        Assert.Contains("EDE: 15 (Blocked): (blocked: adult)", adult, StringComparison.Ordinal);
        Assert.Contains("EDE: 15 (Blocked): (blocked: adult)", await DigAsync("127.0.0.2", "www.adult.test"), StringComparison.Ordinal);
        Assert.Contains("192.0.2.20", await DigAsync("127.0.0.2", "homework.test"), StringComparison.Ordinal);

        var google = await DigAsync("127.0.0.2", "www.google.com");
        Assert.Matches(@"www\.google\.com\.\s+\d+\s+IN\s+CNAME\s+forcesafesearch\.google\.com\.", google);
        Assert.Contains("216.239.38.120", google, StringComparison.Ordinal);
        Assert.DoesNotContain("forcesafesearch", await DigAsync("127.0.0.3", "www.google.com"), StringComparison.Ordinal);

        Assert.Contains("status: NXDOMAIN", await DigAsync("127.0.0.2", "use-application-dns.net"), StringComparison.Ordinal);

        // The sleepy group's bedtime covers every moment: everything but the allow entries is blocked.
        Assert.Contains("EDE: 15 (Blocked): (blocked: schedule bedtime)", await DigAsync("127.0.0.4", "news.test"), StringComparison.Ordinal);
        Assert.Contains("192.0.2.20", await DigAsync("127.0.0.4", "homework.test"), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _filter.DisposeAsync();
        await _upstream.DisposeAsync();
        await _router.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
