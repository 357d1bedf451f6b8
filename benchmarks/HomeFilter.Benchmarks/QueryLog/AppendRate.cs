using System.Diagnostics;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;

namespace HomeFilter.Benchmarks.QueryLog;

/// <summary>
/// The store's sustained append rate, end to end in one process: ROWS rows of the benchmark data set (40 devices,
/// 50,000 names with a popular head, one in ten blocked) in batches of 2,000 into a fresh log, rows per second and
/// bytes allocated per row printed with the load average. A plain run, not BenchmarkDotNet: it measures seconds of
/// writing the way the writer does it, growing indexes included.
/// <c>dotnet run -c Release --project benchmarks/HomeFilter.Benchmarks -- append-rate [ROWS]</c>
/// </summary>
internal static class AppendRate
{
    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 1 && int.TryParse(args[1], out var rows) && rows > 0 ? rows : 300_000;
        const int batchSize = 2000;
        var folder = Directory.CreateTempSubdirectory("homefilter-append-rate-").FullName;
        try
        {
            var store = new SqliteQueryLogStore(Path.Combine(folder, "querylog.db"), Options.Create(new QueryLogOptions()));
            await store.InitializeAsync(CancellationToken.None);
            var random = new Random(7);
            var batches = new List<QueryLogRecord[]>();
            var time = QueryLogDataSet.Start;
            for (var b = 0; b < total / batchSize; b++)
            {
                var batch = new QueryLogRecord[batchSize];
                for (var i = 0; i < batchSize; i++)
                {
                    time = time.AddTicks(500); // about 20,000 queries a second of log time
                    batch[i] = QueryLogDataSet.Record(random, time) with { TimeUtc = time };
                }

                batches.Add(batch);
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                await store.AppendAsync(batch, CancellationToken.None);
            }

            await store.DisposeAsync(); // writes the pending rollups: part of the cost
            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var written = batches.Count * batchSize;
            Console.WriteLine($"{written:N0} rows in {watch.Elapsed.TotalSeconds:F2} s: {written / watch.Elapsed.TotalSeconds:N0} rows/s, {allocated / written:N0} B allocated per row; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
