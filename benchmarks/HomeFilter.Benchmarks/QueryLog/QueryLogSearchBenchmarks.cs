using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Benchmarks.QueryLog;

/// <summary>
/// One page (100 rows, newest first) of a search on a 10-million-row query log, per filter kind; the next page by
/// cursor; and statistics over a week from the rollups. Target: every search under 200 ms.
/// </summary>
[Config(typeof(QueryLogBenchmarkConfig))]
public class QueryLogSearchBenchmarks
{
    public const long Rows = 10_000_000;

    private static readonly Dictionary<string, QueryLogFilter> FilterKinds = new()
    {
        ["none"] = new QueryLogFilter(),
        ["client"] = new QueryLogFilter { Client = QueryLogDataSet.ClientAddress(7) },
        ["group"] = new QueryLogFilter { Group = "guests" },
        ["name exact"] = new QueryLogFilter { Name = QueryLogDataSet.NameOf(1234) },
        ["name exact, rare"] = new QueryLogFilter { Name = QueryLogDataSet.NameOf(49_999) },
        ["name suffix"] = new QueryLogFilter { Name = "site42.example", Match = NameMatch.Suffix },
        ["name substring"] = new QueryLogFilter { Name = "site42", Match = NameMatch.Substring },
        ["outcome blocked"] = new QueryLogFilter { Outcomes = [QueryOutcome.Blocked] },
        ["category"] = new QueryLogFilter { Category = "gambling" },
        ["one hour, 15 days ago"] = new QueryLogFilter { From = QueryLogDataSet.Start.AddDays(15), To = QueryLogDataSet.Start.AddDays(15).AddHours(1) },
        ["client + blocked + day"] = new QueryLogFilter
        {
            Client = QueryLogDataSet.ClientAddress(7), Outcomes = [QueryOutcome.Blocked],
            From = QueryLogDataSet.Start.AddDays(10), To = QueryLogDataSet.Start.AddDays(11),
        },
    };

    private SqliteQueryLogStore _store = null!;
    private QueryLogFilter _filter = null!;
    private QueryLogFilter _second = null!;

    public static IEnumerable<string> Kinds => FilterKinds.Keys;

    [ParamsSource(nameof(Kinds))]
    public string Filter { get; set; } = "none";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var path = await QueryLogDataSet.EnsureAsync(Rows);
        _store = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions()));
        await _store.InitializeAsync(CancellationToken.None);
        _filter = FilterKinds[Filter];
        var first = await _store.SearchAsync(_filter, CancellationToken.None);
        _second = _filter with { Cursor = first.Next };
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark(Description = "first page")]
    public async Task<int> FirstPage() => (await _store.SearchAsync(_filter, CancellationToken.None)).Items.Count;

    [Benchmark(Description = "next page (cursor)")]
    public async Task<int> NextPage() => (await _store.SearchAsync(_second, CancellationToken.None)).Items.Count;
}

/// <summary>Statistics over the same 10-million-row log, from rollups: everyone, one client, one group, for a day and a week.</summary>
[Config(typeof(QueryLogBenchmarkConfig))]
public class QueryLogStatisticsBenchmarks
{
    private SqliteQueryLogStore _store = null!;

    [Params("all", "client", "group")]
    public string Scope { get; set; } = "all";

    [Params(1, 7)]
    public int Days { get; set; } = 1;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var path = await QueryLogDataSet.EnsureAsync(QueryLogSearchBenchmarks.Rows);
        _store = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions()));
        await _store.InitializeAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark]
    public async Task<long> Statistics()
    {
        var from = QueryLogDataSet.Start.AddDays(20);
        var filter = new StatisticsFilter
        {
            Client = Scope == "client" ? QueryLogDataSet.ClientAddress(7) : null,
            Group = Scope == "group" ? "kids" : null,
            From = from,
            To = from.AddDays(Days),
        };
        return (await _store.GetStatisticsAsync(filter, CancellationToken.None)).Queries;
    }
}

/// <summary>Its own job id (its own build folder), fewer iterations: each setup opens a large file.</summary>
public class QueryLogBenchmarkConfig : BenchmarkConfig
{
    public QueryLogBenchmarkConfig()
        : base(Job.Default.WithWarmupCount(2).WithIterationCount(8), "QueryLog")
    {
    }
}
