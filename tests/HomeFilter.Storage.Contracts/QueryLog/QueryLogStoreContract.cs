using HomeFilter.Storage.QueryLog;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Storage.Contracts.QueryLog;

/// <summary>
/// What every query-log store must do, whatever the database: the SQLite and PostgreSQL stores' test classes
/// derive from it. <see cref="CreateStore"/> gives a store on empty storage each time.
/// </summary>
public abstract class QueryLogStoreContract : IAsyncLifetime
{
    protected static readonly DateTime Start = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);

    private readonly List<IQueryLogStore> _stores = [];

    protected abstract IQueryLogStore CreateStore(QueryLogOptions options);

    protected async Task<IQueryLogStore> NewStoreAsync(QueryLogOptions? options = null)
    {
        var store = CreateStore(options ?? new QueryLogOptions());
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected static QueryLogRecord Row(int minute, string client, string name, QueryOutcome outcome = QueryOutcome.Forwarded, string? group = null, string? category = null) => new()
    {
        TimeUtc = Start.AddMinutes(minute),
        Client = client,
        Group = group,
        Name = name,
        Type = 1,
        Outcome = outcome,
        Category = category,
        Rule = category is null ? null : "category " + category,
        Answers = outcome == QueryOutcome.Forwarded ? ["192.0.2.1"] : [],
        Generation = 3,
    };

    private static readonly QueryLogRecord[] Sample =
    [
        Row(0, "10.0.0.2", "www.example.com", group: "kids"),
        Row(1, "10.0.0.2", "adult.test", QueryOutcome.Blocked, "kids", "adult") with { Device = "Tom's tablet", Mac = "02:00:5e:10:00:01" },
        Row(2, "10.0.0.2", "cdn.adult.test", QueryOutcome.Blocked, "kids", "adult"),
        Row(3, "10.0.0.3", "example.com") with { Device = "Emma's phone", ClientId = "emma-phone" },
        Row(4, "10.0.0.3", "notexample.com") with { Device = "Emma's phone", Mac = "02:00:5e:10:00:02", ClientId = "emma-phone" },
        Row(5, "10.0.0.4", "mail.example.org", QueryOutcome.Cached, "staff"),
        Row(6, "10.0.0.2", "casino.test", QueryOutcome.Blocked, "kids", "gambling"),
    ];

    public static TheoryData<string, QueryLogFilter, string[]> Filters => new()
    {
        { "everything", new QueryLogFilter(), ["casino.test", "mail.example.org", "notexample.com", "example.com", "cdn.adult.test", "adult.test", "www.example.com"] },
        { "client", new QueryLogFilter { Client = "10.0.0.3" }, ["notexample.com", "example.com"] },
        { "group", new QueryLogFilter { Group = "staff" }, ["mail.example.org"] },
        { "exact", new QueryLogFilter { Name = "example.com" }, ["example.com"] },
        { "exact, any case", new QueryLogFilter { Name = "Example.COM." }, ["example.com"] },
        { "suffix", new QueryLogFilter { Name = "example.com", Match = NameMatch.Suffix }, ["example.com", "www.example.com"] },
        { "substring", new QueryLogFilter { Name = "adult", Match = NameMatch.Substring }, ["cdn.adult.test", "adult.test"] },
        { "outcome", new QueryLogFilter { Outcomes = [QueryOutcome.Cached, QueryOutcome.Blocked] }, ["casino.test", "mail.example.org", "cdn.adult.test", "adult.test"] },
        { "category", new QueryLogFilter { Category = "adult" }, ["cdn.adult.test", "adult.test"] },
        { "time range", new QueryLogFilter { From = Start.AddMinutes(2), To = Start.AddMinutes(4) }, ["example.com", "cdn.adult.test"] },
        { "combined", new QueryLogFilter { Client = "10.0.0.2", Outcomes = [QueryOutcome.Blocked], Name = "test", Match = NameMatch.Suffix }, ["casino.test", "cdn.adult.test", "adult.test"] },
        { "unknown client", new QueryLogFilter { Client = "10.9.9.9" }, [] },
        { "device", new QueryLogFilter { Device = "Emma's phone" }, ["notexample.com", "example.com"] },
        { "device, any case", new QueryLogFilter { Device = "emma's PHONE" }, ["notexample.com", "example.com"] },
        { "device and group", new QueryLogFilter { Device = "Tom's tablet", Group = "kids" }, ["adult.test"] },
        { "unknown device", new QueryLogFilter { Device = "Nobody's laptop" }, [] },
    };

    [Fact]
    public async Task Device_MAC_and_client_ID_come_back_from_search_and_export()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(Sample, CancellationToken.None);
        var searched = (await store.SearchAsync(new QueryLogFilter { Client = "10.0.0.3" }, CancellationToken.None)).Items;
        Assert.Equal([("Emma's phone", "02:00:5e:10:00:02", "emma-phone"), ("Emma's phone", null, "emma-phone")], searched.Select(r => (r.Device, r.Mac, r.ClientId)));
        var exported = new List<QueryLogRecord>();
        await foreach (var row in store.ReadRangeAsync(new QueryLogFilter { Device = "Tom's tablet" }, CancellationToken.None))
        {
            exported.Add(row);
        }

        var only = Assert.Single(exported);
        Assert.Equal(("Tom's tablet", "02:00:5e:10:00:01", (string?)null), (only.Device, only.Mac, only.ClientId));
        var plain = Assert.Single((await store.SearchAsync(new QueryLogFilter { Name = "www.example.com" }, CancellationToken.None)).Items);
        Assert.Equal(((string?)null, (string?)null, (string?)null), (plain.Device, plain.Mac, plain.ClientId));
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Search_filters_newest_first(string what, QueryLogFilter filter, string[] names)
    {
        _ = what;
        var store = await NewStoreAsync();
        await store.AppendAsync(Sample, CancellationToken.None);
        var page = await store.SearchAsync(filter, CancellationToken.None);
        Assert.Equal(names, page.Items.Select(r => r.Name));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Rows_come_back_as_they_went_in()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(Sample, CancellationToken.None);
        var row = Assert.Single((await store.SearchAsync(new QueryLogFilter { Name = "adult.test" }, CancellationToken.None)).Items);
        Assert.Equal(Sample[1] with { Id = row.Id }, row with { Answers = Sample[1].Answers });
        Assert.True(row.Id > 0);
        var forwarded = Assert.Single((await store.SearchAsync(new QueryLogFilter { Name = "www.example.com" }, CancellationToken.None)).Items);
        Assert.Equal(["192.0.2.1"], forwarded.Answers);
    }

    [Fact]
    public async Task Keyset_pages_have_no_gaps_or_duplicates_even_with_equal_times()
    {
        var store = await NewStoreAsync();
        var rows = Enumerable.Range(0, 257).Select(i => Row(i / 10, "10.0.0.2", $"n{i}.example")).ToArray(); // ten rows per minute
        await store.AppendAsync(rows, CancellationToken.None);
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await store.SearchAsync(new QueryLogFilter { Limit = 20, Cursor = cursor }, CancellationToken.None);
            seen.AddRange(page.Items.Select(r => r.Name));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(257, seen.Count);
        Assert.Equal(257, seen.Distinct().Count());
    }

    [Fact]
    public async Task Export_reads_every_matching_row_oldest_first()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(Sample, CancellationToken.None);
        var names = new List<string>();
        await foreach (var row in store.ReadRangeAsync(new QueryLogFilter { Client = "10.0.0.2", Limit = 1 }, CancellationToken.None))
        {
            names.Add(row.Name);
        }

        Assert.Equal(["www.example.com", "adult.test", "cdn.adult.test", "casino.test"], names);
    }

    [Fact]
    public async Task Statistics_from_rollups_equal_a_recount_of_the_rows()
    {
        var store = await NewStoreAsync();
        var random = new Random(42);
        var clients = new[] { "10.0.0.2", "10.0.0.3", "10.0.0.4" };
        var names = new[] { "a.test", "b.test", "c.test", "d.test", "e.test" };
        var all = new List<QueryLogRecord>();
        for (var batch = 0; batch < 20; batch++)
        {
            var rows = new List<QueryLogRecord>();
            for (var i = random.Next(1, 200); i > 0; i--)
            {
                var blocked = random.Next(4) == 0;
                var client = clients[random.Next(clients.Length)];
                rows.Add(Row(random.Next(0, 3 * 24 * 60), client, names[random.Next(names.Length)], blocked ? QueryOutcome.Blocked : QueryOutcome.Forwarded,
                    client == "10.0.0.4" ? "staff" : "kids", blocked ? (random.Next(2) == 0 ? "adult" : "social") : null));
            }

            await store.AppendAsync(rows, CancellationToken.None);
            all.AddRange(rows);
        }

        foreach (var (client, group) in new (string?, string?)[] { (null, null), ("10.0.0.2", null), (null, "staff") })
        {
            var mine = all.Where(r => (client is null || r.Client == client) && (group is null || r.Group == group)).ToList();
            var stats = await store.GetStatisticsAsync(new StatisticsFilter { Client = client, Group = group, From = Start, To = Start.AddDays(3), Top = 10 }, CancellationToken.None);
            Assert.Equal(mine.Count, stats.Queries);
            Assert.Equal(mine.Count(r => r.Outcome == QueryOutcome.Blocked), stats.Blocked);
            Assert.Equal(mine.GroupBy(r => r.TimeUtc.Ticks / TimeSpan.TicksPerHour).Count(), stats.Hours.Count);
            var expectedTop = mine.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.Equal(expectedTop, stats.TopNames.ToDictionary(i => i.Key, i => i.Count));
            var expectedBlocked = mine.Where(r => r.Outcome == QueryOutcome.Blocked).GroupBy(r => r.Category!).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.Equal(expectedBlocked, stats.TopBlockedCategories.ToDictionary(i => i.Key, i => i.Count));
        }
    }

    [Fact]
    public async Task Retention_by_age_deletes_old_rows_and_keeps_the_statistics()
    {
        var store = await NewStoreAsync(new QueryLogOptions { RetentionDays = 2 });
        await store.AppendAsync([Row(0, "10.0.0.2", "old.test"), Row(3 * 24 * 60, "10.0.0.2", "new.test")], CancellationToken.None);
        var result = await store.EnforceRetentionAsync(Start.AddDays(4), CancellationToken.None);
        Assert.Equal(1, result.DeletedByAge);
        Assert.Equal(["new.test"], (await store.SearchAsync(new QueryLogFilter(), CancellationToken.None)).Items.Select(r => r.Name));
        var stats = await store.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(4) }, CancellationToken.None);
        Assert.Equal(2, stats.Queries);
    }

    [Fact]
    public async Task Retention_by_size_deletes_the_oldest_rows_until_the_log_fits()
    {
        var store = await NewStoreAsync(new QueryLogOptions { MaxSizeMegabytes = 2 });
        for (var batch = 0; batch < 60; batch++)
        {
            // A household's shape: a few devices, a few hundred names, many rows.
            var rows = Enumerable.Range(0, 1000).Select(i => Row(((batch * 1000) + i) / 20, $"10.0.0.{i % 20}", $"host{i % 500}.example.com")).ToArray();
            await store.AppendAsync(rows, CancellationToken.None);
        }

        var before = await store.GetInfoAsync(CancellationToken.None);
        Assert.True(before.BytesUsed > 2 * 1024 * 1024, $"the test needs more than 2 MiB of rows, has {before.BytesUsed}");
        var result = await store.EnforceRetentionAsync(Start.AddDays(1), CancellationToken.None);
        Assert.True(result.DeletedBySize > 0);
        Assert.True(result.BytesUsed <= 2 * 1024 * 1024, $"{result.BytesUsed} bytes used");
        var after = await store.GetInfoAsync(CancellationToken.None);
        Assert.True(after.OldestUtc > before.OldestUtc);
        Assert.Equal(before.NewestUtc, after.NewestUtc);

        // The space is reused: another round of rows does not grow the file much beyond the limit.
        await store.AppendAsync(Enumerable.Range(0, 1000).Select(i => Row(2_000 + (i / 20), "10.0.0.1", $"host{i % 500}.example.com")).ToArray(), CancellationToken.None);
        await store.EnforceRetentionAsync(Start.AddDays(1), CancellationToken.None);
        Assert.True((await store.GetInfoAsync(CancellationToken.None)).BytesUsed <= 2 * 1024 * 1024);
    }

    [Fact]
    public async Task Devices_first_and_last_seen_group_and_counts_equal_a_recount_of_the_rows()
    {
        var store = await NewStoreAsync();
        var random = new Random(7);
        var clients = new[] { "10.0.0.2", "10.0.0.3", "10.0.0.4", "fd00::5" };
        var groups = new string?[] { "kids", "staff", null };
        var all = new List<QueryLogRecord>();
        var tick = 0;
        for (var batch = 0; batch < 25; batch++)
        {
            // Batches overlap in time and arrive out of order, as after a writer retry; times carry milliseconds.
            var rows = new List<QueryLogRecord>();
            for (var i = random.Next(1, 150); i > 0; i--)
            {
                var blocked = random.Next(4) == 0;
                rows.Add(Row(0, clients[random.Next(clients.Length)], "a.test", blocked ? QueryOutcome.Blocked : QueryOutcome.Forwarded, groups[random.Next(groups.Length)]) with
                {
                    TimeUtc = Start.AddMinutes(random.Next(0, 3 * 24 * 60)).AddMilliseconds(++tick),
                });
            }

            await store.AppendAsync(rows, CancellationToken.None);
            all.AddRange(rows);
        }

        var from = Start.AddDays(1);
        var to = Start.AddDays(2);
        var devices = await store.GetDevicesAsync(new DeviceActivityFilter { From = from, To = to }, CancellationToken.None);
        var expected = all.GroupBy(r => r.Client).Select(g =>
        {
            var latest = g.MaxBy(r => r.TimeUtc)!;
            var inRange = g.Where(r => r.TimeUtc >= from && r.TimeUtc < to).ToList();
            return new DeviceActivity(g.Key, latest.Group, g.Min(r => r.TimeUtc), latest.TimeUtc, inRange.Count, inRange.Count(r => r.Outcome == QueryOutcome.Blocked));
        }).OrderByDescending(d => d.LastSeenUtc).ToList();
        Assert.Equal(expected, devices);
        Assert.Equal(expected.Where(d => d.Client == "fd00::5"), await store.GetDevicesAsync(new DeviceActivityFilter { From = from, To = to, Client = "fd00::5" }, CancellationToken.None));

        var series = await store.GetDeviceHoursAsync(new DeviceActivityFilter { From = from, To = to }, CancellationToken.None);
        foreach (var device in expected)
        {
            var hours = Assert.Single(series, s => s.Client == device.Client);
            Assert.Equal(device.Group, hours.Group);
            Assert.Equal(device.FirstSeenUtc, hours.FirstSeenUtc);
            var recount = all.Where(r => r.Client == device.Client && r.TimeUtc >= from && r.TimeUtc < to)
                .GroupBy(r => new DateTime(r.TimeUtc.Ticks - (r.TimeUtc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc))
                .OrderBy(g => g.Key)
                .Select(g => new HourlyActivity(g.Key, g.Count(), g.Count(r => r.Outcome == QueryOutcome.Blocked)));
            Assert.Equal(recount, hours.Hours);
        }
    }

    [Fact]
    public async Task First_and_last_seen_outlive_row_retention()
    {
        var store = await NewStoreAsync(new QueryLogOptions { RetentionDays = 2 });
        var first = Start.AddMilliseconds(123);
        await store.AppendAsync([Row(0, "10.0.0.2", "old.test", group: "kids") with { TimeUtc = first }, Row(5, "10.0.0.9", "gone.test", group: "visitors")], CancellationToken.None);
        await store.AppendAsync([Row(3 * 24 * 60, "10.0.0.2", "new.test", QueryOutcome.Blocked, "teens", "adult")], CancellationToken.None);
        Assert.Equal(2, (await store.EnforceRetentionAsync(Start.AddDays(4), CancellationToken.None)).DeletedByAge);

        var devices = await store.GetDevicesAsync(new DeviceActivityFilter { From = Start, To = Start.AddDays(4) }, CancellationToken.None);
        Assert.Equal(
        [
            new DeviceActivity("10.0.0.2", "teens", first, Start.AddDays(3), 2, 1),
            new DeviceActivity("10.0.0.9", "visitors", Start.AddMinutes(5), Start.AddMinutes(5), 1, 0), // no rows left at all
        ], devices);
    }

    [Fact]
    public async Task A_store_without_rows_has_no_devices()
    {
        var store = await NewStoreAsync();
        Assert.Empty(await store.GetDevicesAsync(new DeviceActivityFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None));
        Assert.Empty(await store.GetDeviceHoursAsync(new DeviceActivityFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None));
    }

    [Fact]
    public async Task Initialising_twice_is_harmless()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(Sample, CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None);
        Assert.Equal(Sample.Length, (await store.SearchAsync(new QueryLogFilter(), CancellationToken.None)).Items.Count);
    }

    [Fact]
    public async Task Gaps_come_back_by_overlap_and_client_with_the_gaps_of_unknown_clients()
    {
        var store = await NewStoreAsync();
        QueryLogGap[] gaps =
        [
            new("10.0.0.2", Start.AddMinutes(1), Start.AddMinutes(2), 500, QueryLogGapReasons.QueueFull),
            new("10.0.0.3", Start.AddMinutes(5), Start.AddMinutes(6), 7, QueryLogGapReasons.StoreFailed),
            new(null, Start.AddMinutes(30), Start.AddMinutes(30).AddMilliseconds(480), 120, QueryLogGapReasons.UncleanStop),
        ];
        await store.AppendGapsAsync(gaps, CancellationToken.None);
        Assert.Equal(gaps, await store.GetGapsAsync(null, null, null, CancellationToken.None));
        Assert.Equal([gaps[0], gaps[2]], await store.GetGapsAsync(null, null, "10.0.0.2", CancellationToken.None));
        Assert.Equal([gaps[1]], await store.GetGapsAsync(Start.AddMinutes(6), Start.AddMinutes(29), null, CancellationToken.None));
        Assert.Empty(await store.GetGapsAsync(Start.AddHours(1), null, null, CancellationToken.None));
    }

    [Fact]
    public async Task Statistics_read_right_after_a_batch_include_it()
    {
        var store = await NewStoreAsync(new QueryLogOptions { RollupFlushSeconds = 3600 });
        await store.AppendAsync(Sample, CancellationToken.None);
        var statistics = await store.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None);
        Assert.Equal(Sample.Length, statistics.Queries);
        await store.AppendAsync([Row(59, "10.0.0.9", "late.test")], CancellationToken.None);
        statistics = await store.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None);
        Assert.Equal(Sample.Length + 1, statistics.Queries);
    }

    [Fact]
    public async Task A_batch_shipped_twice_is_stored_once_per_branch()
    {
        var store = await NewStoreAsync();
        QueryLogRecord Numbered(string branch, int sequence) => Row(sequence, "10.1.0.2", $"n{sequence}.test") with { Branch = branch, Sequence = sequence };
        var batch = Enumerable.Range(1, 50).Select(i => Numbered("north", i)).ToArray();
        await store.AppendAsync(batch, CancellationToken.None);
        await store.AppendAsync(batch, CancellationToken.None);

        // A retry that overlaps what is stored keeps only the rows after it; another branch has its own numbers.
        await store.AppendAsync(Enumerable.Range(40, 21).Select(i => Numbered("north", i)).ToArray(), CancellationToken.None);
        await store.AppendAsync(Enumerable.Range(1, 10).Select(i => Numbered("south", i)).ToArray(), CancellationToken.None);

        // Unnumbered rows (a single site) are always stored.
        await store.AppendAsync([Row(1, "10.1.0.3", "plain.test"), Row(1, "10.1.0.3", "plain.test")], CancellationToken.None);

        var rows = (await store.SearchAsync(new QueryLogFilter { Limit = 1000 }, CancellationToken.None)).Items;
        Assert.Equal(60 + 10 + 2, rows.Count);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), rows.Where(r => r.Branch == "north").Select(r => r.Sequence).Order());
        var statistics = await store.GetStatisticsAsync(new StatisticsFilter { From = Start, To = Start.AddDays(1) }, CancellationToken.None);
        Assert.Equal(72, statistics.Queries);
    }

    [Fact]
    public async Task Search_by_branch_and_rows_keep_their_branch_and_sequence()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(
        [
            Row(0, "10.1.0.2", "a.test") with { Branch = "north", Sequence = 1 },
            Row(1, "10.2.0.2", "b.test") with { Branch = "south", Sequence = 1 },
            Row(2, "10.1.0.2", "c.test") with { Branch = "north", Sequence = 2 },
            Row(3, "10.0.0.2", "d.test"),
        ], CancellationToken.None);
        var north = (await store.SearchAsync(new QueryLogFilter { Branch = "north" }, CancellationToken.None)).Items;
        Assert.Equal([("c.test", "north", 2L), ("a.test", "north", 1L)], north.Select(r => (r.Name, r.Branch!, r.Sequence)));
        Assert.Equal(["b.test"], (await store.SearchAsync(new QueryLogFilter { Branch = "south" }, CancellationToken.None)).Items.Select(r => r.Name));
        Assert.Null(Assert.Single((await store.SearchAsync(new QueryLogFilter { Name = "d.test" }, CancellationToken.None)).Items).Branch);
    }

    [Theory]
    [InlineData(NameMatch.Suffix, "example.com")]
    [InlineData(NameMatch.Substring, "exam")]
    public async Task A_name_search_pages_newest_first_without_gaps_or_duplicates(NameMatch match, string name)
    {
        var store = await NewStoreAsync();
        string[] names = ["a.example.com", "b.example.com", "example.com", "other.test"];
        await store.AppendAsync([.. Enumerable.Range(0, 40).Select(i => Row(i / 3, $"10.0.0.{2 + (i % 2)}", names[i % names.Length]))], CancellationToken.None);
        var expected = (await store.SearchAsync(new QueryLogFilter { Limit = 1000 }, CancellationToken.None)).Items.Where(r => r.Name != "other.test").Select(r => r.Id).ToList();

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await store.SearchAsync(new QueryLogFilter { Name = name, Match = match, Limit = 4, Cursor = cursor, Client = "10.0.0.2" }, CancellationToken.None);
            seen.AddRange(page.Items.Select(r => r.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        var forClient = (await store.SearchAsync(new QueryLogFilter { Limit = 1000, Client = "10.0.0.2" }, CancellationToken.None)).Items.Select(r => r.Id).ToHashSet();
        Assert.Equal(expected.Where(forClient.Contains), seen);
    }

    [Fact]
    public async Task One_branch_has_its_own_statistics_and_devices_even_where_addresses_repeat()
    {
        // Both branches hand out 10.0.0.2; 10.0.0.9 is only at the south branch.
        var store = await NewStoreAsync();
        await store.AppendAsync(
        [
            Row(0, "10.0.0.2", "a.test", group: "kids") with { Branch = "north", Sequence = 1 },
            Row(1, "10.0.0.2", "casino.test", QueryOutcome.Blocked, "kids", "gambling") with { Branch = "north", Sequence = 2 },
            Row(2, "10.0.0.2", "a.test", group: "kids") with { Branch = "north", Sequence = 3 },
            Row(3, "10.0.0.2", "b.test", group: "staff") with { Branch = "south", Sequence = 1 },
            Row(70, "10.0.0.9", "b.test") with { Branch = "south", Sequence = 2 },
        ], CancellationToken.None);
        var day = new StatisticsFilter { From = Start, To = Start.AddDays(1) };

        var north = await store.GetStatisticsAsync(day with { Branch = "north" }, CancellationToken.None);
        Assert.Equal((3, 1), (north.Queries, north.Blocked));
        Assert.Equal([new CountedItem("a.test", 2), new CountedItem("casino.test", 1)], north.TopNames);
        Assert.Equal([new CountedItem("gambling", 1)], north.TopBlockedCategories);
        var south = await store.GetStatisticsAsync(day with { Branch = "south" }, CancellationToken.None);
        Assert.Equal([(Start, 1L), (Start.AddHours(1), 1L)], south.Hours.Select(h => (h.HourUtc, h.Queries)));
        Assert.Equal([new CountedItem("b.test", 2)], south.TopNames);
        Assert.Empty(south.TopBlockedNames);
        var southDevice = await store.GetStatisticsAsync(day with { Branch = "south", Client = "10.0.0.2" }, CancellationToken.None);
        Assert.Equal(1, southDevice.Queries);
        Assert.Equal(5, (await store.GetStatisticsAsync(day, CancellationToken.None)).Queries);
        Assert.Equal(0, (await store.GetStatisticsAsync(day with { Branch = "east" }, CancellationToken.None)).Queries);

        var range = new DeviceActivityFilter { From = Start, To = Start.AddDays(1) };
        var northDevices = await store.GetDevicesAsync(range with { Branch = "north" }, CancellationToken.None);
        var northDevice = Assert.Single(northDevices);
        Assert.Equal(("10.0.0.2", "kids", Start, Start.AddMinutes(2), 3L, 1L), (northDevice.Client, northDevice.Group, northDevice.FirstSeenUtc, northDevice.LastSeenUtc, northDevice.Queries, northDevice.Blocked));
        var southDevices = await store.GetDevicesAsync(range with { Branch = "south" }, CancellationToken.None);
        Assert.Equal([("10.0.0.9", (string?)null, 1L), ("10.0.0.2", "staff", 1L)], southDevices.Select(d => (d.Client, d.Group, d.Queries)));
        Assert.Equal(Start.AddMinutes(3), southDevices[1].FirstSeenUtc);
        var hours = await store.GetDeviceHoursAsync(range with { Branch = "south", Client = "10.0.0.2" }, CancellationToken.None);
        var hour = Assert.Single(Assert.Single(hours).Hours);
        Assert.Equal((Start, 1L), (hour.HourUtc, hour.Queries));
        Assert.Empty(await store.GetDevicesAsync(range with { Branch = "east" }, CancellationToken.None));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await DisposeStorageAsync();
    }

    protected virtual ValueTask DisposeStorageAsync() => ValueTask.CompletedTask;
}
