using System.Runtime.CompilerServices;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Branches.Tests.Spool;

/// <summary>A central store in memory that can be made unreachable, and skips sequences it holds as the real ones do.</summary>
internal sealed class FakeQueryLogStore : IQueryLogStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);

    public bool Down { get; set; }

    /// <summary>The next append commits and then throws (the answer was lost on the way back).</summary>
    public bool LoseNextAnswer { get; set; }

    public List<QueryLogRecord> Rows { get; } = [];

    public List<QueryLogGap> Gaps { get; } = [];

    public Task InitializeAsync(CancellationToken cancellationToken) => Down ? Task.FromException(new IOException("connection refused")) : Task.CompletedTask;

    public Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
    {
        if (Down)
        {
            return Task.FromException(new IOException("connection refused"));
        }

        lock (_gate)
        {
            foreach (var row in batch)
            {
                var branch = row.Branch ?? "";
                if (row.Sequence > 0 && _highest.TryGetValue(branch, out var highest) && row.Sequence <= highest)
                {
                    continue;
                }

                _highest[branch] = row.Sequence;
                Rows.Add(row);
            }
        }

        if (LoseNextAnswer)
        {
            LoseNextAnswer = false;
            return Task.FromException(new IOException("connection reset after commit"));
        }

        return Task.CompletedTask;
    }

    public Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken)
    {
        if (Down)
        {
            return Task.FromException(new IOException("connection refused"));
        }

        Gaps.AddRange(gaps);
        return Task.CompletedTask;
    }

    public Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken)
    {
        if (Down)
        {
            return Task.FromException<QueryLogPage>(new IOException("connection refused"));
        }

        var newest = Rows.Where(r => filter.Branch is null || r.Branch == filter.Branch).Reverse().Take(filter.Limit).ToList();
        return Task.FromResult(new QueryLogPage(newest, null));
    }

    public Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<QueryLogGap>>(Gaps);

    public async IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
