using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.QueryLog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Monitoring.Tests.QueryLog;

public sealed class QueryLogRetentionServiceTests
{
    [Fact]
    public async Task Runs_retention_at_start()
    {
        var store = new CountingStore();
        using var service = new QueryLogRetentionService(store, Options.Create(new QueryLogOptions()), TimeProvider.System, NullLogger<QueryLogRetentionService>.Instance);
        await service.StartAsync(TestContext.Current.CancellationToken);
        await store.FirstRun.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await service.StopAsync(TestContext.Current.CancellationToken);
        Assert.True(store.Runs >= 1);
    }

    [Fact]
    public async Task Disposed_without_stop_ends_quietly_instead_of_as_a_cancelled_task()
    {
        // What the host does when a later service fails to start: no StopAsync, only Dispose. A cancelled (or
        // faulted) task is what the host logs as a crashed background service with a stack trace.
        var store = new CountingStore();
        var service = new QueryLogRetentionService(store, Options.Create(new QueryLogOptions()), TimeProvider.System, NullLogger<QueryLogRetentionService>.Instance);
        await service.StartAsync(TestContext.Current.CancellationToken);
        await store.FirstRun.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        service.Dispose();
        var task = service.ExecuteTask!;
        await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(TaskStatus.RanToCompletion, task.Status);
    }

    private sealed class CountingStore : IQueryLogStore
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public TaskCompletionSource FirstRun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            FirstRun.TrySetResult();
            return Task.FromResult(new RetentionResult(0, 0, 0));
        }

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
