using HomeFilter.Storage.Contracts.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Sqlite.Common;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;

namespace HomeFilter.Storage.Sqlite.Tests.QueryLog;

public sealed class SqliteQueryLogStoreTests : QueryLogStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-sqlite-").FullName;
    private int _count;

    protected override IQueryLogStore CreateStore(QueryLogOptions options) =>
        new SqliteQueryLogStore(Path.Combine(_folder, $"querylog{_count++}.db"), Options.Create(options));

    [Fact]
    public async Task A_reopened_file_keeps_its_rows_and_schema_version()
    {
        var path = Path.Combine(_folder, "reopen.db");
        await using (var first = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions())))
        {
            await first.InitializeAsync(CancellationToken.None);
            await first.AppendAsync([Row(0, "10.0.0.2", "a.test")], CancellationToken.None);
        }

        await using var second = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions()));
        await second.InitializeAsync(CancellationToken.None);
        Assert.Single((await second.SearchAsync(new QueryLogFilter(), CancellationToken.None)).Items);
        using var connection = SqliteMigrations.Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE component = 'querylog'";
        Assert.Equal((long)QueryLogSchema.Migrations.Length, command.ExecuteScalar());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Rollups_still_in_memory_when_the_process_died_are_rebuilt_from_the_rows_at_the_next_start()
    {
        var path = Path.Combine(_folder, "crash.db");
        var options = Options.Create(new QueryLogOptions { RollupFlushSeconds = 3600 });
        var crashed = new SqliteQueryLogStore(path, options);
        await crashed.InitializeAsync(CancellationToken.None);
        await crashed.AppendAsync([Row(0, "10.0.0.2", "a.test"), Row(1, "10.0.0.2", "b.test", QueryOutcome.Blocked, category: "adult")], CancellationToken.None);
        await crashed.AppendAsync([Row(2, "10.0.0.3", "a.test")], CancellationToken.None);

        // Never disposed: its pending rollups die with it, as in a kill.
        await using var next = new SqliteQueryLogStore(path, options);
        await next.InitializeAsync(CancellationToken.None);
        var statistics = await next.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None);
        Assert.Equal((3, 1), (statistics.Queries, statistics.Blocked));
        Assert.Equal("adult", Assert.Single(statistics.TopBlockedCategories).Key);

        // Caught up once: a second start adds nothing.
        await using var again = new SqliteQueryLogStore(path, options);
        await again.InitializeAsync(CancellationToken.None);
        Assert.Equal(3, (await again.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None)).Queries);
    }

    [Fact]
    public async Task First_and_last_seen_survive_a_reopen_and_keep_moving()
    {
        var path = Path.Combine(_folder, "seen.db");
        var first = Start.AddMilliseconds(7);
        await using (var store = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions())))
        {
            await store.InitializeAsync(CancellationToken.None);
            await store.AppendAsync([Row(0, "10.0.0.2", "a.test", group: "kids") with { TimeUtc = first }, Row(10, "10.0.0.2", "b.test", group: "kids")], CancellationToken.None);
        }

        await using var reopened = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions()));
        await reopened.InitializeAsync(CancellationToken.None);
        // A late batch (older than what is stored) moves neither last seen nor the group.
        await reopened.AppendAsync([Row(5, "10.0.0.2", "c.test", group: "late")], CancellationToken.None);
        await reopened.AppendAsync([Row(20, "10.0.0.2", "d.test")], CancellationToken.None);
        var device = Assert.Single(await reopened.GetDevicesAsync(new DeviceActivityFilter { From = Start, To = Start.AddHours(1) }, CancellationToken.None));
        Assert.Equal(new DeviceActivity("10.0.0.2", null, first, Start.AddMinutes(20), 4, 0), device);
    }

    [Fact]
    public async Task A_log_from_the_first_schema_version_migrates_and_knows_its_devices()
    {
        var path = Path.Combine(_folder, "v1.db");
        var hourMs = 3_600_000L;
        var startMs = new DateTimeOffset(Start).ToUnixTimeMilliseconds();
        using (var old = SqliteMigrations.Open(path))
        {
            SqliteMigrations.Apply(old, QueryLogSchema.Component, [QueryLogSchema.Migrations[0]]);
            // 10.0.0.2 has rows (two groups, the latest "teens") and rollups older than its rows; 10.0.0.3 only rollups
            // (its rows were deleted by retention); 10.0.0.4 nothing at all.
            SqliteMigrations.Execute(old, null, $"""
                INSERT INTO clients(id, address) VALUES (1, '10.0.0.2'), (2, '10.0.0.3'), (3, '10.0.0.4');
                INSERT INTO names(id, name, reversed) VALUES (1, 'a.test', 'tset.a');
                INSERT INTO queries(time, client_id, grp, name_id, type, outcome, upstream_us, duration_us, rcode, generation) VALUES
                    ({startMs + (30 * hourMs) + 5}, 1, 'kids', 1, 1, 0, 0, 0, 0, 1),
                    ({startMs + (50 * hourMs) + 9}, 1, 'teens', 1, 1, 0, 0, 0, 0, 1),
                    ({startMs + (40 * hourMs) + 1}, 1, 'kids', 1, 1, 0, 0, 0, 0, 1);
                INSERT INTO rollup_hour(hour, client_id, grp, queries, blocked) VALUES
                    ({(startMs / hourMs) + 2}, 1, 'kids', 4, 1),
                    ({(startMs / hourMs) + 30}, 1, 'kids', 1, 0),
                    ({(startMs / hourMs) + 40}, 1, 'kids', 1, 0),
                    ({(startMs / hourMs) + 50}, 1, 'teens', 1, 0),
                    ({(startMs / hourMs) + 3}, 2, '', 2, 0),
                    ({(startMs / hourMs) + 7}, 2, '', 5, 2);
                """);
        }

        await using var store = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions()));
        await store.InitializeAsync(CancellationToken.None);
        var devices = await store.GetDevicesAsync(new DeviceActivityFilter { From = Start, To = Start.AddDays(3) }, CancellationToken.None);
        Assert.Equal(
        [
            new DeviceActivity("10.0.0.2", "teens", Start.AddHours(2), Start.AddHours(50).AddMilliseconds(9), 7, 1),
            new DeviceActivity("10.0.0.3", null, Start.AddHours(3), Start.AddHours(7), 7, 2),
        ], devices);

        // The migrated client goes on from there.
        await store.AppendAsync([Row(60 * 60, "10.0.0.3", "a.test", group: "kids")], CancellationToken.None);
        var moved = Assert.Single(await store.GetDevicesAsync(new DeviceActivityFilter { From = Start, To = Start.AddDays(3), Client = "10.0.0.3" }, CancellationToken.None));
        Assert.Equal(new DeviceActivity("10.0.0.3", "kids", Start.AddHours(3), Start.AddHours(60), 8, 2), moved);
    }

    protected override ValueTask DisposeStorageAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
