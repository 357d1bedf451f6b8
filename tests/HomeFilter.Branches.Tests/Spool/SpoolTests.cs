using HomeFilter.Branches.Spool;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeFilter.Branches.Tests.Spool;

/// <summary>The spool keeps rows in order within its bound (the oldest dropped as a gap), and the store in front of it ships each row once.</summary>
public sealed class SpoolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("homefilter-spool-").FullName;

    private static QueryLogRecord Row(long sequence, string branch = "east") => new()
    {
        TimeUtc = new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc).AddSeconds(sequence),
        Client = "10.0.0.1",
        Name = $"n{sequence}.test",
        Type = 1,
        Outcome = QueryOutcome.Forwarded,
        Branch = branch,
        Sequence = sequence,
    };

    private static QueryLogRecord[] Rows(long from, int count) => [.. Enumerable.Range(0, count).Select(i => Row(from + i))];

    [Theory]
    [InlineData(10, 4, 0)]
    [InlineData(10, 10, 0)]
    [InlineData(10, 13, 3)]
    [InlineData(1, 5, 4)]
    public void The_spool_keeps_the_newest_rows_in_order_and_records_the_dropped_as_a_gap(int bound, int added, int dropped)
    {
        using var spool = new QueryLogSpool(Path.Combine(_directory, "spool.db"), bound);
        for (var i = 0; i < added; i++)
        {
            spool.AddRows([Row(i + 1)]);
        }

        var kept = spool.PeekRows(100);
        Assert.Equal(Enumerable.Range(dropped + 1, added - dropped).Select(i => (long)i), kept.Select(k => k.Row.Sequence));
        Assert.Equal(added - dropped, spool.Rows);
        Assert.Equal(dropped, spool.Dropped);
        Assert.Equal(Row(dropped + 1).TimeUtc, spool.OldestUtc);
        var gaps = spool.PeekGaps(100).Select(g => g.Gap).ToList();
        Assert.Equal(dropped, gaps.Sum(g => g.Count));
        Assert.All(gaps, g => Assert.Equal(QueryLogGapReasons.SpoolFull, g.Reason));
        if (dropped > 0)
        {
            Assert.Equal(Row(1).TimeUtc, gaps[0].FromUtc);
        }
    }

    [Fact]
    public void The_spool_file_is_private_and_its_rows_and_sequence_outlive_a_restart()
    {
        var path = Path.Combine(_directory, "spool.db");
        using (var spool = new QueryLogSpool(path, 100))
        {
            spool.AddRows(Rows(1, 3));
            var sequence = new BranchSequence("east", spool, TimeProvider.System);
            sequence.Continue(0);
            Assert.Equal(1, sequence.Reserve(5));
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        using var again = new QueryLogSpool(path, 100);
        Assert.Equal(3, again.Rows);
        var next = new BranchSequence("east", again, TimeProvider.System);
        Assert.Equal(6, next.Reserve(1));
        next.Continue(100);
        Assert.Equal(101, next.Reserve(1));
    }

    [Fact]
    public async Task Rows_written_while_the_store_is_down_are_shipped_in_order_before_new_rows_and_once()
    {
        var central = new FakeQueryLogStore();
        using var spool = new QueryLogSpool(Path.Combine(_directory, "spool.db"), 1000);
        var sequence = new BranchSequence("east", spool, TimeProvider.System);
        var link = new BranchLink(NullLogger<BranchLink>.Instance, TimeProvider.System);
        await using var store = new SpoolingQueryLogStore(central, spool, sequence, link, NullLogger<SpoolingQueryLogStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);

        await store.AppendAsync(Rows(1, 2), CancellationToken.None);
        central.Down = true;
        await store.AppendAsync(Rows(3, 2), CancellationToken.None);
        Assert.False(link.Connected);
        central.Down = false;

        // Older rows wait: the new batch joins them in the spool rather than overtaking them.
        await store.AppendAsync(Rows(5, 2), CancellationToken.None);
        Assert.Equal(4, spool.Rows);
        Assert.Equal(2, central.Rows.Count);

        // The first shipping commits but its answer is lost: shipped again, stored once.
        central.LoseNextAnswer = true;
        Assert.False(await store.ShipAsync(CancellationToken.None));
        Assert.True(await store.ShipAsync(CancellationToken.None));
        Assert.True(link.Connected);
        Assert.Equal(0, spool.Rows);

        await store.AppendAsync(Rows(7, 1), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), central.Rows.Select(r => r.Sequence));
    }

    [Fact]
    public async Task Gaps_of_a_full_spool_reach_the_store_when_it_is_back()
    {
        var central = new FakeQueryLogStore { Down = true };
        using var spool = new QueryLogSpool(Path.Combine(_directory, "spool.db"), 3);
        var link = new BranchLink(NullLogger<BranchLink>.Instance, TimeProvider.System);
        await using var store = new SpoolingQueryLogStore(central, spool, new BranchSequence("east", spool, TimeProvider.System), link, NullLogger<SpoolingQueryLogStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);

        await store.AppendAsync(Rows(1, 5), CancellationToken.None);
        central.Down = false;
        Assert.True(await store.ShipAsync(CancellationToken.None));

        Assert.Equal([3L, 4L, 5L], central.Rows.Select(r => r.Sequence));
        var gap = Assert.Single(central.Gaps);
        Assert.Equal((2L, QueryLogGapReasons.SpoolFull), (gap.Count, gap.Reason));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
