using BenchmarkDotNet.Attributes;
using HomeFilter.Benchmarks.Data;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Benchmarks.Policy;

/// <summary>
/// What the policy costs a query: one decision (three trie lookups, group match, schedule check) for a name that
/// passes, one that is blocked, one rewritten for safe search; and a whole cached query through the policy and
/// CNAME-inspection stages, to compare with <see cref="CacheBenchmarks.CachedQueryToResponse"/>.
/// </summary>
[Config(typeof(PolicyBenchmarkConfig))]
public class PolicyBenchmarks
{
    private const int ListedNames = 200_000;
    private static readonly QueryHandler Unreachable = static _ => throw new InvalidOperationException("a cache hit must not go further");

    private readonly byte[] _output = new byte[65535];
    private readonly QueryContext _context = new();
    private CompiledPolicy _policy = null!;
    private GroupPolicy _kids = null!;
    private byte[] _pass = [];
    private byte[] _blocked = [];
    private byte[] _google = [];
    private long _now;
    private QueryPipeline _pipeline = null!;
    private byte[] _query = [];
    private DnsResponseCache _cache = null!;
    private RuleSnapshot _snapshot = null!;

    [GlobalSetup]
    public void Setup()
    {
        var names = DomainListGenerator.Generate(ListedNames);
        var builder = new CategoryTrieBuilder();
        for (var i = 0; i < names.Length; i++)
        {
            builder.Add(names[i], RuleValue.Block(i % 3));
        }

        var document = new PolicyDocument
        {
            TimeZone = "Europe/London",
            Categories = { ["adult"] = new() { Sources = ["a"] }, ["social"] = new() { Sources = ["s"] }, ["gambling"] = new() { Sources = ["g"] } },
            Allow = ["homework.example"],
            Deny = ["bad.example"],
            Default = new GroupRules { Block = ["adult"] },
        };
        for (var g = 0; g < 20; g++)
        {
            document.Groups.Add(new GroupDefinition { Name = $"room{g}", Clients = [$"10.{g}.0.0/16", $"192.168.{g}.7"], Block = ["adult", "gambling"] });
        }

        document.Groups.Add(new GroupDefinition
        {
            Name = "kids",
            Clients = ["127.0.0.1"],
            Block = ["adult", "social"],
            SafeSearch = true,
            Schedules =
            {
                new ScheduleDefinition { Name = "school", Days = ["mon", "tue", "wed", "thu", "fri"], From = "09:00", To = "15:00", Block = ["social"] },
                new ScheduleDefinition { Name = "bedtime", Days = ["sun", "mon", "tue", "wed", "thu"], From = "21:00", To = "07:00", Block = ["*"] },
            },
        });
        var builtIns = new BuiltInRules(["forcesafesearch.google.com"], [new("www.google.com", 0), new("google.com", 0)], ["use-application-dns.net"]);
        _policy = PolicyCompiler.Compile(document, builder.Build(), ["adult", "social", "gambling", "bypass"], builtIns);
        _kids = _policy.GroupFor([127, 0, 0, 1]);
        _pass = WireBenchmarkMessages.LowerWireName("www.example.com");
        _blocked = WireBenchmarkMessages.LowerWireName("cdn." + names[3]);
        _google = WireBenchmarkMessages.LowerWireName("www.google.com");

        // Noon on a Saturday: no window open, so a passing name walks every schedule.
        _now = new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc).Ticks;
        WireBenchmarkMessages.Expect(DecidePass().Action == PolicyAction.Pass, "pass");
        WireBenchmarkMessages.Expect(DecideBlocked().Action == PolicyAction.Block, "blocked");
        WireBenchmarkMessages.Expect(DecideSafeSearch().Action == PolicyAction.Rewrite, "rewrite");

        _snapshot = new RuleSnapshot(1, _policy, [], LocalRecordSet.Empty, ForwardZoneSet.Empty, null);
        _cache = new DnsResponseCache(new CacheOptions());
        var name = WireBenchmarkMessages.LowerWireName("www.example.com");
        WireBenchmarkMessages.Expect(_cache.TryAdd(name, 1, 1, false, false, WireBenchmarkMessages.Answer(cnameTtl: 86400, addressTtl: 86400)), "cacheable");
        _pipeline = new QueryPipeline([new PolicyStage(), new CnameInspectionStage(), new CacheStage(_cache)]);
        _query = WireBenchmarkMessages.Query();
        _context.SetClientAddress([127, 0, 0, 1]);
        WireBenchmarkMessages.Expect(CachedQueryThroughPolicy() > 0 && _context.Outcome == QueryOutcome.Cached, "cached through policy");
    }

    [Benchmark]
    public PolicyDecision DecidePass() => _policy.Decide(_kids, _pass, _now);

    [Benchmark]
    public PolicyDecision DecideBlocked() => _policy.Decide(_kids, _blocked, _now);

    [Benchmark]
    public PolicyDecision DecideSafeSearch() => _policy.Decide(_kids, _google, _now);

    [Benchmark]
    public GroupPolicy FindGroup() => _policy.GroupFor([10, 7, 1, 2]);

    /// <summary>Read, policy (group, decision), CNAME inspection of the cached answer, cache hit, finalize.</summary>
    [Benchmark]
    public int CachedQueryThroughPolicy()
    {
        var context = _context;
        context.Reset();
        context.SetClientAddress([127, 0, 0, 1]);
        context.ArrivalUtcTicks = _now;
        context.Query = _query;
        QueryReader.TryRead(_query, context.NameBuffer, out context.Parsed);
        context.Settle(_snapshot);
        _ = _pipeline.ExecuteAsync(context);
        return ResponseFinalizer.Finalize(context.Response, context.Parsed, context.Parsed.OriginalName(_query), context.Parsed.EdnsUdpSize, false, _output);
    }
}

/// <summary>Its own job id, so it can run beside other benchmark classes.</summary>
public class PolicyBenchmarkConfig : BenchmarkConfig
{
    public PolicyBenchmarkConfig()
        : base("Policy")
    {
    }
}
