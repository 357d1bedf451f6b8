using System.Diagnostics;
using System.Globalization;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Benchmarks.QueryLog;

/// <summary>
/// A household-shaped query log: 40 devices in 4 groups, 50,000 distinct names (a few very popular), one in ten
/// queries blocked, spread over 30 days. Built once through the store's own append path into a temp file and
/// reused by later runs (set HOMEFILTER_QUERYLOG_BENCH_DB to put it elsewhere); the build time is written beside it.
/// </summary>
public static class QueryLogDataSet
{
    public const int Clients = 40;
    public const int Names = 50_000;
    public const int Days = 30;
    public static readonly DateTime Start = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Groups = ["kids", "adults", "guests", "iot"];
    private static readonly string[] Categories = ["ads", "tracking", "adult", "gambling", "social"];

    public static string PathFor(long rows) =>
        Environment.GetEnvironmentVariable("HOMEFILTER_QUERYLOG_BENCH_DB") is { Length: > 0 } path
            ? path
            : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "homefilter-bench", $"querylog-{rows}.db");

    /// <summary>The database with <paramref name="rows"/> rows, built if missing; returns its path.</summary>
    public static async Task<string> EnsureAsync(long rows)
    {
        var path = PathFor(rows);
        var done = path + ".built.txt";
        if (File.Exists(done))
        {
            Console.WriteLine($"// query log data set: {path} ({await File.ReadAllTextAsync(done).ConfigureAwait(false)})");
            return path;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        foreach (var stale in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(stale);
        }

        // No retention limits while building: the data set is what it says.
        var options = new QueryLogOptions { RetentionDays = 100_000, RollupRetentionDays = 100_000, MaxSizeMegabytes = long.MaxValue / (1024 * 1024) };
        var watch = Stopwatch.StartNew();
        await using (var store = new SqliteQueryLogStore(path, Options.Create(options)))
        {
            await store.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
            var random = new Random(20261128);
            var spacingMs = (double)Days * 86_400_000 / rows;
            var batch = new List<QueryLogRecord>(2000);
            for (long i = 0; i < rows; i++)
            {
                batch.Add(Record(random, Start.AddMilliseconds(i * spacingMs)));
                if (batch.Count == 2000)
                {
                    await store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var note = string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows built in {seconds:F0} s, {rows / seconds:N0} rows/s, {new FileInfo(path).Length / (1024 * 1024):N0} MiB");
        await File.WriteAllTextAsync(done, note).ConfigureAwait(false);
        Console.WriteLine($"// query log data set: {path} ({note})");
        return path;
    }

    /// <summary>One random row; popular names come up far more often than the tail (squared uniform).</summary>
    public static QueryLogRecord Record(Random random, DateTime time)
    {
        var client = random.Next(Clients);
        var u = random.NextDouble();
        var name = (int)(u * u * Names);
        var blocked = random.Next(10) == 0;
        return new QueryLogRecord
        {
            TimeUtc = time,
            Client = ClientAddress(client),
            Group = Groups[client % Groups.Length],
            Name = NameOf(name),
            Type = (ushort)(random.Next(3) == 0 ? 28 : 1),
            Outcome = blocked ? QueryOutcome.Blocked : (random.Next(2) == 0 ? QueryOutcome.Cached : QueryOutcome.Forwarded),
            Category = blocked ? Categories[name % Categories.Length] : null,
            Rule = blocked ? "category " + Categories[name % Categories.Length] : null,
            Upstream = blocked ? null : "udp://192.0.2.53:53",
            UpstreamMicroseconds = blocked ? 0 : random.Next(20_000),
            DurationMicroseconds = random.Next(500),
            Answers = blocked ? [] : ["192.0.2.1"],
            Generation = 1,
        };
    }

    public static string ClientAddress(int client) => $"192.168.1.{10 + client}";

    public static string NameOf(int name) => $"host{name}.site{name % 5000}.example";
}
