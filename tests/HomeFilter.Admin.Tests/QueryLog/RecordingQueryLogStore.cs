using System.Runtime.CompilerServices;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.QueryLog;

namespace HomeFilter.Admin.Tests.QueryLog;

/// <summary>A store that answers with fixed rows and remembers what the API asked for, so the tests see how parameters were read.</summary>
internal sealed class RecordingQueryLogStore : IQueryLogStore
{
    public QueryLogFilter? LastSearch { get; private set; }

    public StatisticsFilter? LastStatistics { get; private set; }

    public IReadOnlyList<QueryLogRecord> Rows { get; init; } = [];

    public string? Next { get; init; }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<QueryLogGap>>([]);

    public Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken)
    {
        LastSearch = filter;
        return Task.FromResult(new QueryLogPage(Rows, Next));
    }

    public async IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var row in Rows)
        {
            yield return row;
        }
    }

    public Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken)
    {
        LastStatistics = filter;
        return Task.FromResult(new ActivityStatistics(12, 3, [new CountedItem("example.com", 9)], [new CountedItem("ads.test", 3)], [new CountedItem("ads", 3)],
            [new HourlyActivity(filter.From, 12, 3)]));
    }

    /// <summary>What <see cref="GetDevicesAsync"/> answers; null: not supported here.</summary>
    public IReadOnlyList<DeviceActivity>? Devices { get; init; }

    public Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) =>
        Devices is { } devices ? Task.FromResult(devices) : throw new NotSupportedException();

    public Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken) => Task.FromResult(new RetentionResult(0, 0, 0));

    public Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new QueryLogStoreInfo(Rows.Count, Rows.Count > 0 ? Rows[^1].TimeUtc : null, Rows.Count > 0 ? Rows[0].TimeUtc : null, 4096, 8192));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
