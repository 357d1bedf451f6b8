using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.Postgres.QueryLog;
using HomeFilter.Storage.Postgres.Tests.Common;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HomeFilter.Storage.Postgres.Tests.QueryLog;

/// <summary>What only the PostgreSQL query log does: day partitions, COPY, concurrent branches, device columns.</summary>
public sealed class PostgresQueryLogStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    private PostgresDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await postgres.NewPostgresDatabaseAsync();

    private PostgresQueryLogStore NewStore(QueryLogOptions? options = null) => new(_database, Options.Create(options ?? new QueryLogOptions()));

    private static QueryLogRecord Row(DateTime time, string client, string name, string? branch = null, long sequence = 0) => new()
    {
        TimeUtc = time,
        Client = client,
        Name = name,
        Type = 1,
        Outcome = QueryOutcome.Forwarded,
        Answers = ["192.0.2.1", "192.0.2.2"],
        Branch = branch,
        Sequence = sequence,
    };

    private async Task<List<string>> PartitionsAsync()
    {
        await using var command = _database.DataSource.CreateCommand("SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'queries'::regclass ORDER BY 1");
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [Fact]
    public async Task Today_and_tomorrow_have_partitions_from_the_start_and_a_batch_makes_the_days_it_reaches()
    {
        var today = DateTime.UtcNow.Date;
        await using var store = NewStore();
        await store.InitializeAsync(CancellationToken.None);
        var names = await PartitionsAsync();
        Assert.Contains(PostgresQueryLogStore.PartitionName(Days(today)), names);
        Assert.Contains(PostgresQueryLogStore.PartitionName(Days(today) + 1), names);

        await store.AppendAsync([Row(Start.AddHours(1), "10.0.0.2", "a.test"), Row(Start.AddDays(2).AddHours(23), "10.0.0.2", "b.test")], CancellationToken.None);
        names = await PartitionsAsync();
        Assert.Contains("queries_20261120", names);
        Assert.Contains("queries_20261122", names);
        Assert.DoesNotContain("queries_20261121", names);
    }

    [Fact]
    public async Task Retention_drops_whole_partitions_older_than_the_age_limit()
    {
        await using var store = NewStore(new QueryLogOptions { RetentionDays = 2 });
        await store.InitializeAsync(CancellationToken.None);
        await store.AppendAsync([.. Enumerable.Range(0, 96).Select(h => Row(Start.AddHours(h), "10.0.0.2", $"h{h}.test"))], CancellationToken.None);
        Assert.Contains("queries_20261120", await PartitionsAsync());

        // Now is the 24th at noon: the cutoff is the 22nd at noon, so the 20th and 21st go whole and half of the 22nd by rows.
        var result = await store.EnforceRetentionAsync(Start.AddDays(4).AddHours(12), CancellationToken.None);
        Assert.Equal(24 + 24 + 12, result.DeletedByAge);
        var names = await PartitionsAsync();
        Assert.DoesNotContain("queries_20261120", names);
        Assert.DoesNotContain("queries_20261121", names);
        Assert.Contains("queries_20261122", names);
        Assert.Equal(Start.AddDays(2).AddHours(12), (await store.GetInfoAsync(CancellationToken.None)).OldestUtc);

        // A later row for a dropped day makes its partition again.
        await store.AppendAsync([Row(Start.AddHours(5), "10.0.0.2", "late.test")], CancellationToken.None);
        Assert.Contains("queries_20261120", await PartitionsAsync());
    }

    [Fact]
    public async Task Retention_by_size_drops_the_oldest_partitions_but_never_the_newest_rows()
    {
        await using var store = NewStore(new QueryLogOptions { MaxSizeMegabytes = 1 });
        await store.InitializeAsync(CancellationToken.None);
        for (var day = 0; day < 4; day++)
        {
            await store.AppendAsync([.. Enumerable.Range(0, 5000).Select(i => Row(Start.AddDays(day).AddSeconds(i), $"10.0.{day}.{i % 50}", $"host{i % 700}.example.com"))], CancellationToken.None);
        }

        var result = await store.EnforceRetentionAsync(Start.AddDays(4), CancellationToken.None);
        Assert.True(result.DeletedBySize >= 5000, $"{result.DeletedBySize} deleted by size");
        Assert.True(result.DeletedBySize % 5000 == 0, "whole days go");
        var info = await store.GetInfoAsync(CancellationToken.None);
        Assert.Equal(Start.AddDays(3).AddSeconds(4999), info.NewestUtc);
        Assert.Equal(20_000 - result.DeletedBySize, info.Rows);
    }

    [Fact]
    public async Task Ten_thousand_rows_go_in_by_copy_and_come_back_whole()
    {
        await using var store = NewStore();
        await store.InitializeAsync(CancellationToken.None);
        var rows = Enumerable.Range(0, 10_000).Select(i => Row(Start.AddMilliseconds(i * 37L), $"10.0.{i % 7}.{i % 200}", $"n{i % 1500}.example.org", "north", i + 1) with
        {
            Outcome = i % 10 == 0 ? QueryOutcome.Blocked : QueryOutcome.Forwarded,
            Category = i % 10 == 0 ? "ads" : null,
            Rule = i % 10 == 0 ? "category ads" : null,
            Upstream = "192.0.2.53",
            UpstreamMicroseconds = i,
            DurationMicroseconds = i / 2,
            ResponseCode = i % 3,
            Generation = 9,
            Device = i % 2 == 0 ? "laptop" : null,
            Mac = i % 2 == 0 ? "aa:bb:cc:dd:ee:ff" : null,
            ClientId = i % 4 == 0 ? "kid-tablet" : null,
            Type = (ushort)(i % 2 == 0 ? 1 : 28),
        }).ToArray();
        await store.AppendAsync(rows, CancellationToken.None);

        var back = new List<QueryLogRecord>();
        await foreach (var row in store.ReadRangeAsync(new QueryLogFilter(), CancellationToken.None))
        {
            back.Add(row);
        }

        Assert.Equal(rows.Length, back.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i], back[i] with { Id = 0, Answers = rows[i].Answers });
            Assert.Equal(rows[i].Answers, back[i].Answers);
        }

        var statistics = await store.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None);
        Assert.Equal((10_000, 1_000), (statistics.Queries, statistics.Blocked));
    }

    [Fact]
    public async Task A_batch_shipped_twice_at_once_by_two_connections_is_stored_once()
    {
        await using var first = NewStore();
        await using var second = NewStore();
        await first.InitializeAsync(CancellationToken.None);
        await second.InitializeAsync(CancellationToken.None);
        var batch = Enumerable.Range(1, 2000).Select(i => Row(Start.AddMilliseconds(i), "10.0.0.2", $"n{i % 300}.test", "north", i)).ToArray();
        await Task.WhenAll(first.AppendAsync(batch, CancellationToken.None), second.AppendAsync(batch, CancellationToken.None));
        Assert.Equal(2000, (await first.GetInfoAsync(CancellationToken.None)).Rows);
        Assert.Equal(2000, (await first.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None)).Queries);
        await using var command = _database.DataSource.CreateCommand("SELECT last_sequence FROM branch_progress WHERE branch = 'north'");
        Assert.Equal(2000L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Twenty_branches_appending_at_once_store_every_row()
    {
        var stores = Enumerable.Range(0, 20).Select(_ => NewStore()).ToArray();
        foreach (var store in stores)
        {
            await store.InitializeAsync(CancellationToken.None);
        }

        await Task.WhenAll(stores.Select((store, b) => Task.Run(async () =>
        {
            for (var batch = 0; batch < 3; batch++)
            {
                // Shared names across branches; each branch its own clients.
                var rows = Enumerable.Range(0, 500).Select(i => Row(Start.AddSeconds((batch * 500) + i), $"10.{b}.0.{i % 10}", $"shared{i % 100}.test", $"b{b}", (batch * 500) + i + 1)).ToArray();
                await store.AppendAsync(rows, CancellationToken.None);
            }
        })));

        Assert.Equal(20 * 1500, (await stores[0].GetInfoAsync(CancellationToken.None)).Rows);
        Assert.Equal(1500, (await stores[0].SearchAsync(new QueryLogFilter { Branch = "b7", Limit = 1000 }, CancellationToken.None)).Items.Count + 500);

        // The network's top names (the network-wide rollup every branch wrote at once): 20 branches × 3 batches × 5
        // rows per name, all tied, so in name order; one client's from its own rollup: 3 batches × 5 rows per name.
        var day = new StatisticsFilter { From = Start, To = Start.AddDays(1), Top = 3 };
        var everyone = await stores[0].GetStatisticsAsync(day, CancellationToken.None);
        Assert.Equal(20 * 1500, everyone.Queries);
        Assert.Equal(new[] { new CountedItem("shared0.test", 300), new CountedItem("shared1.test", 300), new CountedItem("shared10.test", 300) }, everyone.TopNames);
        var oneClient = await stores[0].GetStatisticsAsync(day with { Client = "10.7.0.3" }, CancellationToken.None);
        Assert.Equal(150, oneClient.Queries);
        Assert.Equal(new[] { new CountedItem("shared13.test", 15), new CountedItem("shared23.test", 15), new CountedItem("shared3.test", 15) }, oneClient.TopNames);
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_log_from_before_the_network_name_rollup_gets_it_filled_from_the_per_client_rollup()
    {
        await using (var first = NewStore())
        {
            await first.InitializeAsync(CancellationToken.None);
            await first.AppendAsync([
                Row(Start.AddHours(1), "10.0.0.2", "often.test"), Row(Start.AddHours(2), "10.0.0.3", "often.test"),
                Row(Start.AddHours(3), "10.0.0.4", "often.test"), Row(Start.AddHours(4), "10.0.0.2", "once.test"),
            ], CancellationToken.None);
        }

        // As a database made by version 1 alone: no network rollup, no branch in the rollups, no per-branch clients.
        await using (var downgrade = _database.DataSource.CreateCommand("""
            DROP TABLE rollup_day_network_name; DROP TABLE branch_clients;
            ALTER TABLE rollup_hour DROP COLUMN branch; ALTER TABLE rollup_hour ADD PRIMARY KEY (hour, address_id, grp);
            ALTER TABLE rollup_day_name DROP COLUMN branch; ALTER TABLE rollup_day_name ADD PRIMARY KEY (day, address_id, grp, name_id);
            ALTER TABLE rollup_day_category DROP COLUMN branch; ALTER TABLE rollup_day_category ADD PRIMARY KEY (day, address_id, grp, category);
            DELETE FROM schema_migrations WHERE component = 'querylog' AND version >= 2
            """))
        {
            await downgrade.ExecuteNonQueryAsync();
        }

        await using var store = NewStore();
        await store.InitializeAsync(CancellationToken.None);
        var statistics = await store.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None);
        Assert.Equal(new[] { new CountedItem("often.test", 3), new CountedItem("once.test", 1) }, statistics.TopNames);

        // The rows from before count for no branch; new ones for theirs.
        await store.AppendAsync([Row(Start.AddHours(5), "10.0.0.2", "often.test", "north", 1)], CancellationToken.None);
        var north = await store.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1), Branch = "north" }, CancellationToken.None);
        Assert.Equal(1, north.Queries);
        Assert.Equal(5, (await store.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None)).Queries);
        Assert.Equal(3, (await store.GetDevicesAsync(new DeviceActivityFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_store_started_while_the_database_is_away_fails_fast_and_works_once_it_is_back()
    {
        // A port nothing listens on: the start fails at once with Npgsql's reason, and can be retried.
        var builder = new NpgsqlConnectionStringBuilder(_database.DataSource.ConnectionString) { Port = 1, Timeout = 2 };
        await using var away = PostgresDatabase.Create(builder.ConnectionString);
        await using var store = new PostgresQueryLogStore(away, Options.Create(new QueryLogOptions()));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.InitializeAsync(CancellationToken.None));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.AppendAsync([Row(Start, "10.0.0.2", "a.test")], CancellationToken.None));

        await using var back = NewStore();
        await back.InitializeAsync(CancellationToken.None);
        await back.AppendAsync([Row(Start, "10.0.0.2", "a.test")], CancellationToken.None);
        Assert.Single((await back.SearchAsync(new QueryLogFilter(), CancellationToken.None)).Items);
    }

    private static long Days(DateTime date) => new DateTimeOffset(date, TimeSpan.Zero).ToUnixTimeMilliseconds() / 86_400_000;

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();
}
