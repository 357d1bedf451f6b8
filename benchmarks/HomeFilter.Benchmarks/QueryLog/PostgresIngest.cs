using System.Diagnostics;
using System.Globalization;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.Postgres.QueryLog;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HomeFilter.Benchmarks.QueryLog;

/// <summary>
/// The PostgreSQL query log at a branch network's scale, as plain runs (see benchmarks/e2e/postgres-ingest.sh):
/// <c>postgres-ingest CS [SECONDS] [BRANCHES]</c>: BRANCHES (20) writers at once, each its own store, data source,
/// branch id and sequence, appending batches of 2,000 rows (names from a Zipf over 200,000 generated names, 50
/// clients per branch, one in ten blocked) for SECONDS (60); prints the sustained rows per second.
/// <c>postgres-searches CS [ROWS]</c>: loads ROWS rows straight into the tables (a server-side INSERT … SELECT, a setup
/// step, with the rollups computed from them), then times the dashboard's searches through the store.
/// </summary>
internal static class PostgresIngest
{
    private const int BatchSize = 2000;
    private const int NameCount = 200_000;
    private const int ClientsPerBranch = 50;
    private static readonly string[] Categories = ["ads", "tracking", "adult", "gambling", "social"];

    public static async Task<int> IngestAsync(string[] args)
    {
        var connectionString = args[1];
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        var branches = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20;
        var names = Enumerable.Range(0, NameCount).Select(NameOf).ToArray();
        var zipf = new Zipf(NameCount, 1.0);
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        long stored = 0;
        var latencies = new List<double>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, branches).Select(b => Task.Run(async () =>
        {
            await using var database = PostgresDatabase.Create(connectionString);
            await using var store = new PostgresQueryLogStore(database, Options.Create(new QueryLogOptions()));
            await store.InitializeAsync(CancellationToken.None);
            var random = new Random(b);
            long sequence = 0;
            var time = DateTime.UtcNow;
            while (DateTime.UtcNow < stop)
            {
                var batch = new QueryLogRecord[BatchSize];
                for (var i = 0; i < BatchSize; i++)
                {
                    time = time.AddTicks(10_000);
                    var blocked = random.Next(10) == 0;
                    batch[i] = new QueryLogRecord
                    {
                        TimeUtc = time,
                        Client = $"10.{b}.0.{random.Next(ClientsPerBranch)}",
                        Group = random.Next(4) switch { 0 => "kids", 1 => "staff", 2 => "guests", _ => null },
                        Name = names[zipf.Next(random)],
                        Type = 1,
                        Outcome = blocked ? QueryOutcome.Blocked : QueryOutcome.Forwarded,
                        Category = blocked ? Categories[random.Next(Categories.Length)] : null,
                        Rule = blocked ? "category" : null,
                        Upstream = blocked ? null : "192.0.2.53",
                        UpstreamMicroseconds = blocked ? 0 : random.Next(30_000),
                        DurationMicroseconds = random.Next(200),
                        Answers = blocked ? [] : ["192.0.2.1"],
                        Generation = 1,
                        Branch = $"b{b}",
                        Sequence = ++sequence,
                    };
                }

                var started = Stopwatch.GetTimestamp();
                await store.AppendAsync(batch, CancellationToken.None);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                }

                Interlocked.Add(ref stored, BatchSize);
            }
        })));
        watch.Stop();
        latencies.Sort();
        Console.WriteLine($"{branches} branches, {stored:N0} rows in {watch.Elapsed.TotalSeconds:F1} s: {stored / watch.Elapsed.TotalSeconds:N0} rows/s sustained; " +
            $"batch commit p50 {latencies[latencies.Count / 2]:F0} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F0} ms; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    public static async Task<int> SearchesAsync(string[] args)
    {
        var connectionString = args[1];
        var rows = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 10_000_000;
        const int days = 10;
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var options = Options.Create(new QueryLogOptions { RetentionDays = 100_000 });
        await using var database = PostgresDatabase.Create(connectionString + ";Command Timeout=0");
        await using var store = new PostgresQueryLogStore(database, options);
        await store.InitializeAsync(CancellationToken.None);

        var info = await store.GetInfoAsync(CancellationToken.None);
        if (info.Rows < rows / 2)
        {
            var load = Stopwatch.StartNew();
            await LoadAsync(database, start, days, rows);
            Console.WriteLine($"loaded {rows:N0} rows over {days} days in {load.Elapsed.TotalSeconds:F0} s (INSERT … SELECT on the server, rollups included)");
            info = await store.GetInfoAsync(CancellationToken.None);
        }

        Console.WriteLine($"log: {info.Rows:N0} rows, {info.BytesUsed / (1024 * 1024):N0} MiB in the partitions, {info.BytesOnDisk / (1024 * 1024):N0} MiB database");
        var day = start.AddDays(days - 2);
        var searches = new (string What, Func<Task<int>> Run)[]
        {
            ("newest page (100 rows)", async () => (await store.SearchAsync(new QueryLogFilter(), CancellationToken.None)).Items.Count),
            ("newest page, next page by cursor", async () =>
            {
                var first = await store.SearchAsync(new QueryLogFilter(), CancellationToken.None);
                return (await store.SearchAsync(new QueryLogFilter { Cursor = first.Next }, CancellationToken.None)).Items.Count;
            }),
            ("by client", async () => (await store.SearchAsync(new QueryLogFilter { Client = "10.3.0.7" }, CancellationToken.None)).Items.Count),
            ("by name suffix (200 names)", async () => (await store.SearchAsync(new QueryLogFilter { Name = "example7.com", Match = NameMatch.Suffix }, CancellationToken.None)).Items.Count),
            ("by exact rare name", async () => (await store.SearchAsync(new QueryLogFilter { Name = NameOf(NameCount - 17) }, CancellationToken.None)).Items.Count),
            ("by branch", async () => (await store.SearchAsync(new QueryLogFilter { Branch = "b5" }, CancellationToken.None)).Items.Count),
            ("by category (blocked)", async () => (await store.SearchAsync(new QueryLogFilter { Category = "gambling" }, CancellationToken.None)).Items.Count),
            ("by group, one day", async () => (await store.SearchAsync(new QueryLogFilter { Group = "kids", From = day, To = day.AddDays(1) }, CancellationToken.None)).Items.Count),
            ("statistics for a day (everyone)", async () => (int)(await store.GetStatisticsAsync(new StatisticsFilter { From = day, To = day.AddDays(1) }, CancellationToken.None)).Queries),
            ("statistics for a day (one client)", async () => (int)(await store.GetStatisticsAsync(new StatisticsFilter { Client = "10.3.0.7", From = day, To = day.AddDays(1) }, CancellationToken.None)).Queries),
            ("statistics for a day (one branch)", async () => (int)(await store.GetStatisticsAsync(new StatisticsFilter { Branch = "b5", From = day, To = day.AddDays(1) }, CancellationToken.None)).Queries),
            ("devices for a day (one branch)", async () => (await store.GetDevicesAsync(new DeviceActivityFilter { Branch = "b5", From = day, To = day.AddDays(1) }, CancellationToken.None)).Count),
            ("devices for a day", async () => (await store.GetDevicesAsync(new DeviceActivityFilter { From = day, To = day.AddDays(1) }, CancellationToken.None)).Count),

            // For comparison in the same run: the network's top names as they were read before the network rollup
            // (the per-client rollup summed and grouped by name text).
            ("top names, per-client rollup (before)", async () => await TopNamesFromClientRollupAsync(database, day)),
        };
        foreach (var (what, run) in searches)
        {
            var times = new List<double>();
            var found = 0;
            for (var i = 0; i < 5; i++)
            {
                var started = Stopwatch.GetTimestamp();
                found = await run();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            Console.WriteLine($"{what,-36} first {times[0],7:F1} ms, median of 5 {times.Order().ElementAt(2),7:F1} ms ({found:N0})");
        }

        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static async Task<int> TopNamesFromClientRollupAsync(PostgresDatabase database, DateTime day)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT n.name, SUM(r.queries)::bigint AS total FROM rollup_day_name r JOIN names n ON n.id = r.name_id WHERE day >= $1 AND day <= $1 GROUP BY n.name ORDER BY total DESC, 1 LIMIT 10");
        command.Parameters.AddWithValue(new DateTimeOffset(day).ToUnixTimeMilliseconds() / 86_400_000);
        var found = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found++;
        }

        return found;
    }

    private static string NameOf(int i) => string.Create(CultureInfo.InvariantCulture, $"host{i}.example{i % 1000}.com");

    /// <summary>The rows straight into the tables: names and clients, then the day partitions by INSERT … SELECT, then the rollups from the rows.</summary>
    private static async Task LoadAsync(PostgresDatabase database, DateTime start, int days, long rows)
    {
        var startMs = new DateTimeOffset(start).ToUnixTimeMilliseconds();
        var spanMs = (long)days * 86_400_000;
        await using var connection = await database.DataSource.OpenConnectionAsync();
        async Task RunAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }

        await RunAsync($"""
            INSERT INTO names(name, reversed) SELECT 'host' || i || '.example' || (i % 1000) || '.com', reverse('host' || i || '.example' || (i % 1000) || '.com')
                FROM generate_series(0, {NameCount - 1}) i ON CONFLICT DO NOTHING;
            INSERT INTO clients(address) SELECT '10.' || b || '.0.' || c FROM generate_series(0, 19) b, generate_series(0, {ClientsPerBranch - 1}) c ON CONFLICT DO NOTHING;
            """);
        for (var d = 0; d < days; d++)
        {
            var from = startMs + (d * 86_400_000L);
            await RunAsync($"CREATE TABLE IF NOT EXISTS {PostgresQueryLogStore.PartitionName(from / 86_400_000)} PARTITION OF queries FOR VALUES FROM ({from}) TO ({from + 86_400_000})");
        }

        // Name ids follow a log-uniform (Zipf-like) draw; every tenth row blocked. Chunks of a day keep each statement's WAL bounded,
        // and each day's rollups are computed from its own partition (one sort of all the rows would spill to disk many times over).
        await RunAsync("SET work_mem = '256MB'");
        var perDay = rows / days;
        for (var d = 0; d < days; d++)
        {
            var from = startMs + (d * 86_400_000L);
            var partition = PostgresQueryLogStore.PartitionName(from / 86_400_000);
            var day = Stopwatch.StartNew();
            await RunAsync($"""
                INSERT INTO queries(time, address_id, grp, name_id, type, outcome, category, rule, upstream, upstream_us, duration_us, rcode, answers, generation, branch, sequence)
                SELECT {from} + ((g - 1) * 86400000 / {perDay}), c.id, (ARRAY['kids','staff','guests',''])[(1 + g % 4)::int], n.id, 1,
                       CASE WHEN g % 10 = 0 THEN 5 ELSE 3 END,
                       CASE WHEN g % 10 = 0 THEN (ARRAY['ads','tracking','adult','gambling','social'])[(1 + (g / 10) % 5)::int] END,
                       NULL, '192.0.2.53', 1000, 50, 0, '192.0.2.1', 1, 'b' || ((c.id - 1) / {ClientsPerBranch}), g
                FROM (SELECT g, LEAST({NameCount}, floor(exp(random() * ln({NameCount}))))::bigint AS name_id FROM generate_series(1::bigint, {perDay}) g) s
                JOIN clients c ON c.id = 1 + (s.g * 7919) % 1000
                JOIN names n ON n.id = s.name_id
                """);
            await RunAsync($"""
                INSERT INTO rollup_hour SELECT time / 3600000, address_id, grp, COUNT(*), COUNT(*) FILTER (WHERE outcome = 5), branch FROM {partition} GROUP BY 1, 2, 3, 6 ON CONFLICT DO NOTHING;
                INSERT INTO rollup_day_name SELECT time / 86400000, address_id, grp, name_id, COUNT(*), COUNT(*) FILTER (WHERE outcome = 5), branch FROM {partition} GROUP BY 1, 2, 3, 4, 7 ON CONFLICT DO NOTHING;
                INSERT INTO rollup_day_network_name SELECT time / 86400000, grp, name_id, COUNT(*), COUNT(*) FILTER (WHERE outcome = 5) FROM {partition} GROUP BY 1, 2, 3 ON CONFLICT DO NOTHING;
                INSERT INTO rollup_day_category SELECT time / 86400000, address_id, grp, category, COUNT(*), branch FROM {partition} WHERE category IS NOT NULL GROUP BY 1, 2, 3, 4, 6 ON CONFLICT DO NOTHING;
                """);
            Console.WriteLine($"  day {d + 1} of {days}: {perDay:N0} rows and their rollups in {day.Elapsed.TotalSeconds:F0} s");
        }

        await RunAsync($"""
            UPDATE clients c SET first_seen = s.f, last_seen = s.l, grp = '' FROM (SELECT address_id, MIN(time) f, MAX(time) l FROM queries GROUP BY 1) s WHERE s.address_id = c.id;
            INSERT INTO branch_clients SELECT branch, address_id, MIN(time), MAX(time), '' FROM queries GROUP BY 1, 2 ON CONFLICT DO NOTHING;
            ANALYZE;
            """);
        _ = spanMs;
    }

    /// <summary>Zipf(s) over 0..n-1 by inverse transform on the precomputed cumulative weights.</summary>
    private sealed class Zipf
    {
        private readonly double[] _cumulative;

        public Zipf(int n, double s)
        {
            _cumulative = new double[n];
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += 1.0 / Math.Pow(i + 1, s);
                _cumulative[i] = sum;
            }

            for (var i = 0; i < n; i++)
            {
                _cumulative[i] /= sum;
            }
        }

        public int Next(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
        }
    }
}
