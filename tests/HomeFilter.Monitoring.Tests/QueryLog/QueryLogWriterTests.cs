using System.Collections.Concurrent;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.QueryLog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Monitoring.Tests.QueryLog;

public sealed class QueryLogWriterTests
{
    private static QueryLogEntry Entry(QueryLogQueue queue, int i)
    {
        var entry = queue.Rent();
        entry.TimeUtc = new DateTime(2026, 11, 28, 21, 0, 0, DateTimeKind.Utc).AddMilliseconds(i);
        entry.SetClientAddress([192, 168, 1, 20]);
        entry.SetWireName([1, (byte)'a', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0]);
        entry.QueryType = 1;
        entry.Outcome = QueryOutcome.Forwarded;
        entry.AddAnswer([192, 0, 2, 1]);
        entry.Group = "kids";
        return entry;
    }

    private static QueryLogWriter Writer(QueryLogQueue queue, IQueryLogStore store, int batch = 100, int flushMs = 50, params IQueryLogObserver[] observers) =>
        new(queue, store, observers, Options.Create(new QueryLogOptions { BatchSize = batch, FlushMilliseconds = flushMs }), NullLogger<QueryLogWriter>.Instance);

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task Entries_become_rows_in_batches_no_bigger_than_the_batch_size()
    {
        var queue = new QueryLogQueue(10_000);
        var store = new RecordingStore();
        var writer = Writer(queue, store, batch: 100);
        for (var i = 0; i < 250; i++)
        {
            Assert.True(queue.TryWrite(Entry(queue, i)));
        }

        await writer.StartAsync(CancellationToken.None);
        await WaitAsync(() => writer.Stored == 250);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(250, store.Rows.Count);
        Assert.All(store.Batches, b => Assert.True(b <= 100));
        var row = store.Rows.First();
        Assert.Equal(("192.168.1.20", "a.test", "kids", "192.0.2.1"), (row.Client, row.Name, row.Group, row.Answers[0]));
        Assert.Equal(0, row.TimeUtc.Ticks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public async Task A_lone_entry_is_stored_within_the_flush_interval()
    {
        var queue = new QueryLogQueue(100);
        var store = new RecordingStore();
        var writer = Writer(queue, store, batch: 1000, flushMs: 50);
        await writer.StartAsync(CancellationToken.None);
        queue.TryWrite(Entry(queue, 1));
        await WaitAsync(() => writer.Stored == 1);
        Assert.Equal(1, writer.Stored);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void A_full_queue_drops_and_counts_without_waiting()
    {
        var queue = new QueryLogQueue(10);
        for (var i = 0; i < 25; i++)
        {
            queue.TryWrite(Entry(queue, i));
        }

        Assert.Equal(10, queue.Written);
        Assert.Equal(15, queue.Dropped);
        Assert.Equal(10, queue.Pending);
    }

    [Fact]
    public async Task Observers_see_each_batch_after_it_is_stored_and_their_failures_are_contained()
    {
        var queue = new QueryLogQueue(100);
        var store = new RecordingStore();
        var observer = new RecordingObserver(store);
        var writer = Writer(queue, store, 100, 50, new ThrowingObserver(), observer);
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            queue.TryWrite(Entry(queue, i));
        }

        await WaitAsync(() => observer.Seen == 5);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(5, observer.Seen);
        Assert.True(observer.AlwaysAfterStore);
    }

    [Fact]
    public async Task A_failing_store_is_retried_then_the_batch_is_counted_as_lost()
    {
        var queue = new QueryLogQueue(100);
        var store = new RecordingStore { FailuresLeft = 100 };
        var writer = Writer(queue, store);
        await writer.StartAsync(CancellationToken.None);
        queue.TryWrite(Entry(queue, 1));
        await WaitAsync(() => writer.Lost == 1);
        Assert.Equal(1, writer.Lost);

        store.FailuresLeft = 1; // fails once, then works: nothing lost
        queue.TryWrite(Entry(queue, 2));
        await WaitAsync(() => writer.Stored == 1);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(1, writer.Stored);
        Assert.Equal(1, writer.Lost);
    }

    [Fact]
    public async Task Stopping_stores_what_is_still_queued()
    {
        var queue = new QueryLogQueue(10_000);
        var store = new RecordingStore();
        var writer = Writer(queue, store, batch: 10, flushMs: 10_000);
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 35; i++)
        {
            queue.TryWrite(Entry(queue, i));
        }

        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(35, store.Rows.Count);
    }

    private sealed class RecordingStore : IQueryLogStore
    {
        public ConcurrentQueue<QueryLogRecord> Rows { get; } = new();

        public ConcurrentQueue<int> Batches { get; } = new();

        public volatile int FailuresLeft;

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new IOException("disk full");
            }

            Batches.Enqueue(batch.Count);
            foreach (var row in batch)
            {
                Rows.Enqueue(row);
            }

            return Task.CompletedTask;
        }

        public ConcurrentQueue<QueryLogGap> Gaps { get; } = new();

        public Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken)
        {
            foreach (var gap in gaps)
            {
                Gaps.Enqueue(gap);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<QueryLogGap>>([.. Gaps]);

        public Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class RecordingObserver(RecordingStore store) : IQueryLogObserver
    {
        public int Seen;
        public bool AlwaysAfterStore = true;

        public ValueTask OnBatchStoredAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
        {
            AlwaysAfterStore &= store.Rows.Count >= Seen + batch.Count;
            Interlocked.Add(ref Seen, batch.Count);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingObserver : IQueryLogObserver
    {
        public ValueTask OnBatchStoredAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken) => throw new InvalidOperationException("observer bug");
    }
}
