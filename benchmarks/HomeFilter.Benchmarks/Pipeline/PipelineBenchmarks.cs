using BenchmarkDotNet.Attributes;
using HomeFilter.Resolver.Access;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Benchmarks.Pipeline;

/// <summary>
/// A whole query through <see cref="PipelineQueryProcessor"/> as a transport hands it over, minus the socket: read,
/// settle, access control, policy, CNAME inspection, cache, finalize. A cached name, and a safe-search name whose
/// safe host's answer is cached (the rewrite composed from it).
/// </summary>
[Config(typeof(PipelineBenchmarkConfig))]
public class PipelineBenchmarks
{
    private static readonly byte[] Client = [127, 0, 0, 1];
    private readonly byte[] _output = new byte[4096];
    private readonly QueryContext _context = new();
    private PipelineQueryProcessor _processor = null!;
    private UpstreamSet _upstreams = null!;
    private byte[] _cached = [];
    private byte[] _safeSearch = [];

    [GlobalSetup]
    public void Setup()
    {
        var document = new PolicyDocument
        {
            TimeZone = "UTC",
            Categories = { ["adult"] = new() { Sources = ["a"] } },
            Groups = { new GroupDefinition { Name = "kids", Clients = ["127.0.0.1"], Block = ["adult"], SafeSearch = true } },
        };
        var builder = new CategoryTrieBuilder();
        builder.Add("adult.example", RuleValue.Block(0));
        var builtIns = new BuiltInRules(["forcesafesearch.google.com"], [new("www.google.com", 0), new("google.com", 0)], ["use-application-dns.net"]);
        var policy = PolicyCompiler.Compile(document, builder.Build(), ["adult", "bypass"], builtIns, TimeZoneInfo.Utc);
        var holder = new RuleSnapshotHolder();
        holder.Publish(new RuleSnapshot(1, policy, [], LocalRecordSet.Empty, ForwardZoneSet.Empty, null));

        var cache = new DnsResponseCache(new CacheOptions());
        WireBenchmarkMessages.Expect(cache.TryAdd(WireBenchmarkMessages.LowerWireName("www.example.com"), 1, 1, false, false, WireBenchmarkMessages.Answer(cnameTtl: 86400, addressTtl: 86400)), "cacheable");
        WireBenchmarkMessages.Expect(cache.TryAdd(WireBenchmarkMessages.LowerWireName("forcesafesearch.google.com"), 1, 1, false, false, WireBenchmarkMessages.SimpleAnswer("forcesafesearch.google.com")), "safe host cacheable");
        _upstreams = new UpstreamSet(Options.Create(new UpstreamOptions { Upstreams = ["127.0.0.1:9"] }), NullLogger<UpstreamSet>.Instance);
        var pipeline = new QueryPipeline(
        [
            new AccessControlStage(ClientNetworks.Parse(["127.0.0.0/8"])),
            new PolicyStage(),
            new CnameInspectionStage(),
            new CacheStage(cache),
            new UpstreamStage(_upstreams),
        ]);
        _processor = new PipelineQueryProcessor(pipeline, holder, new QueryStatistics(), NullLogger<PipelineQueryProcessor>.Instance);
        _cached = WireBenchmarkMessages.Query();
        _safeSearch = WireBenchmarkMessages.Query("www.Google.com");
        WireBenchmarkMessages.Expect(CachedQuery() > 0 && _context.Outcome == QueryOutcome.Cached, "cached");
        WireBenchmarkMessages.Expect(SafeSearchQuery() > 0 && _context.Outcome == QueryOutcome.Rewritten, "rewritten");
    }

    [GlobalCleanup]
    public void Cleanup() => _upstreams.Dispose();

    [Benchmark]
    public int CachedQuery() => Process(_cached);

    [Benchmark]
    public int SafeSearchQuery() => Process(_safeSearch);

    private int Process(byte[] query)
    {
        var context = _context;
        context.Reset();
        context.Query = query;
        context.SetClientAddress(Client);
        context.Transport = DnsTransportKind.Udp;
        context.StartTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        var pending = _processor.ProcessAsync(context, _output);
        WireBenchmarkMessages.Expect(pending.IsCompletedSuccessfully, "answered without I/O");
        return pending.Result;
    }
}

/// <summary>Its own job id, so it can run beside other benchmark classes.</summary>
public class PipelineBenchmarkConfig : BenchmarkConfig
{
    public PipelineBenchmarkConfig()
        : base("Pipeline")
    {
    }
}
