using BenchmarkDotNet.Attributes;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Benchmarks;

/// <summary>
/// The cache on the query path: a hit (lookup, copy, TTL rewrite), a miss, a hit through the cache
/// stage, and a whole cached query from received bytes to the bytes sent (read, stage, finalize).
/// The cache holds <see cref="Entries"/> other answers so lookups do not run in an empty table.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class CacheBenchmarks
{
    private const int Entries = 100_000;
    private static readonly QueryHandler Unreachable = static _ => throw new InvalidOperationException("a cache hit must not go further");

    private readonly byte[] _output = new byte[65535];
    private readonly QueryContext _context = new();
    private DnsResponseCache _cache = null!;
    private CacheStage _stage = null!;
    private byte[] _query = [];
    private byte[] _name = [];
    private byte[] _absent = [];

    [GlobalSetup]
    public void Setup()
    {
        _cache = new DnsResponseCache(new CacheOptions());
        _stage = new CacheStage(_cache);
        _query = WireBenchmarkMessages.Query();
        _name = WireBenchmarkMessages.LowerWireName("www.example.com");
        _absent = WireBenchmarkMessages.LowerWireName("absent.example.com");
        // A day of TTL: a run takes minutes, and an entry that expired mid-run would turn hits into misses.
        var answer = WireBenchmarkMessages.Answer(cnameTtl: 86400, addressTtl: 86400);
        WireBenchmarkMessages.Expect(_cache.TryAdd(_name, 1, 1, false, false, answer), "answer is cacheable");
        for (var i = 0; i < Entries; i++)
        {
            var name = WireBenchmarkMessages.LowerWireName($"host{i}.example.com");
            _cache.TryAdd(name, 1, 1, false, false, WireBenchmarkMessages.SimpleAnswer($"host{i}.example.com"));
        }

        WireBenchmarkMessages.Expect(_cache.GetStatistics().Entries >= Entries, "cache filled");
        WireBenchmarkMessages.Expect(CacheHit() == answer.Length, "hit");
        WireBenchmarkMessages.Expect(!CacheMiss(), "miss");
        WireBenchmarkMessages.Expect(CachedQueryToResponse() > 0 && _context.Outcome == QueryOutcome.Cached, "stage hit");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // The figures mean nothing if the entry stopped being a hit during the run.
        WireBenchmarkMessages.Expect(_cache.TryGet(_name, 1, 1, false, false, _output, out _), "still a hit after the run");
    }

    [Benchmark]
    public int CacheHit()
    {
        _cache.TryGet(_name, 1, 1, false, false, _output, out var length);
        return length;
    }

    [Benchmark]
    public bool CacheMiss() => _cache.TryGet(_absent, 1, 1, false, false, _output, out _);

    [Benchmark]
    public bool CacheStageHit()
    {
        _context.Reset();
        QueryReader.TryRead(_query, _context.NameBuffer, out _context.Parsed);
        SetKey(_context);
        return _stage.InvokeAsync(_context, Unreachable).IsCompletedSuccessfully;
    }

    /// <summary>What the server does for a cached query, minus the socket: read, cache stage, finalize.</summary>
    [Benchmark]
    public int CachedQueryToResponse()
    {
        var context = _context;
        context.Reset();
        context.Query = _query;
        QueryReader.TryRead(_query, context.NameBuffer, out context.Parsed);
        SetKey(context);
        _ = _stage.InvokeAsync(context, Unreachable);
        return ResponseFinalizer.Finalize(context.Response, context.Parsed, context.Parsed.OriginalName(_query), context.Parsed.EdnsUdpSize, false, _output);
    }

    /// <summary>What <see cref="QueryContext.Settle"/> does for the cache (the rest of it needs a policy).</summary>
    private static void SetKey(QueryContext context) =>
        context.CacheKey.Set(context.Name, context.Parsed.QType, context.Parsed.QClass, context.Parsed.DnssecOk, context.Parsed.CheckingDisabled);
}
