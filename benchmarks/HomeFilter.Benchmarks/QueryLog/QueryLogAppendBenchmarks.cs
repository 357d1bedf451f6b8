using BenchmarkDotNet.Attributes;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;

namespace HomeFilter.Benchmarks.QueryLog;

/// <summary>
/// Batch append throughput: 50 batches (100,000 rows at 2,000 per batch) per operation into a log that keeps
/// growing over the iterations, rows and rollups in one transaction each, as the writer stores them.
/// Rows per second = 100,000 / mean.
/// </summary>
[Config(typeof(QueryLogAppendBenchmarkConfig))]
public class QueryLogAppendBenchmarks
{
    private const int BatchSize = 2000;
    private const int BatchesPerOperation = 50;

    private readonly List<QueryLogRecord[]> _batches = [];
    private string _folder = null!;
    private SqliteQueryLogStore _store = null!;
    private DateTime _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("homefilter-append-").FullName;
        _store = new SqliteQueryLogStore(Path.Combine(_folder, "querylog.db"), Options.Create(new QueryLogOptions()));
        await _store.InitializeAsync(CancellationToken.None);
        var random = new Random(7);
        _next = QueryLogDataSet.Start;
        for (var b = 0; b < BatchesPerOperation; b++)
        {
            var batch = new QueryLogRecord[BatchSize];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = QueryLogDataSet.Record(random, QueryLogDataSet.Start);
            }

            _batches.Add(batch);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = BatchesPerOperation * BatchSize, Description = "append, per row (batches of 2,000)")]
    public async Task Append()
    {
        foreach (var batch in _batches)
        {
            // Time moves on like a live log (about 20,000 queries a second).
            for (var i = 0; i < batch.Length; i++)
            {
                _next = _next.AddTicks(500);
                batch[i] = batch[i] with { TimeUtc = _next };
            }

            await _store.AppendAsync(batch, CancellationToken.None);
        }
    }
}

/// <summary>Each operation takes seconds: one invocation per iteration.</summary>
public class QueryLogAppendBenchmarkConfig : LongRunningBenchmarkConfig
{
    public QueryLogAppendBenchmarkConfig()
        : base("QueryLogAppend")
    {
    }
}
