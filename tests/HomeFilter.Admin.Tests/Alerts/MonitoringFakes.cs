using System.Runtime.CompilerServices;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.QueryLog;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Admin.Tests.Alerts;

/// <summary>Alerts in memory, with the store contract's filters.</summary>
internal sealed class MemoryAlertStore : IAlertStore
{
    private readonly List<Alert> _alerts = [];
    private readonly Lock _gate = new();

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<Alert?> TryAddAsync(Alert alert, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_alerts.Exists(a => a.DedupeKey == alert.DedupeKey))
            {
                return Task.FromResult<Alert?>(null);
            }

            var stored = alert with { Id = _alerts.Count + 1 };
            _alerts.Add(stored);
            return Task.FromResult<Alert?>(stored);
        }
    }

    public Task<IReadOnlyList<Alert>> ListAsync(AlertFilter filter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Alert> list = [.. _alerts
                .Where(a => (filter.Client is null || a.Client == filter.Client) && (filter.Group is null || a.Group == filter.Group) &&
                    (filter.Kind is null || a.Kind == filter.Kind) && (filter.Acknowledged is null || (a.AcknowledgedUtc is not null) == filter.Acknowledged) &&
                    (filter.From is null || a.TimeUtc >= filter.From) && (filter.To is null || a.TimeUtc < filter.To))
                .OrderByDescending(a => a.TimeUtc)
                .Take(filter.Limit)];
            return Task.FromResult(list);
        }
    }

    public Task<bool> AcknowledgeAsync(long id, string by, DateTime atUtc, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var index = _alerts.FindIndex(a => a.Id == id);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            _alerts[index] = _alerts[index] with { AcknowledgedUtc = atUtc, AcknowledgedBy = by };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Alert>> UndeliveredAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Alert>>([]);

    public Task MarkDeliveredAsync(long id, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A query log that holds a fixed list of rows and answers statistics with fixed numbers.</summary>
internal sealed class FixedQueryLogStore(IReadOnlyList<QueryLogRecord> rows, ActivityStatistics statistics) : IQueryLogStore
{
    public StatisticsFilter? LastStatisticsFilter { get; private set; }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<QueryLogGap>>([]);

    public Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            if ((filter.Client is null || row.Client == filter.Client) && (filter.Group is null || row.Group == filter.Group) &&
                (filter.From is null || row.TimeUtc >= filter.From) && (filter.To is null || row.TimeUtc < filter.To))
            {
                await Task.Yield();
                yield return row;
            }
        }
    }

    public Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken)
    {
        LastStatisticsFilter = filter;
        return Task.FromResult(statistics);
    }

    public Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class FixedMonitoringPolicy(TimeZoneInfo zone) : IMonitoringPolicy
{
    public TimeZoneInfo TimeZone => zone;

    public IReadOnlySet<string> Categories { get; } = new HashSet<string>(StringComparer.Ordinal) { "adult", "gambling", "bypass" };

    public long Generation => 42;

    public string DocumentJson => "{ \"timeZone\": \"Europe/London\" }\n";

    public GroupAlertSettings? AlertSettingsFor(string? group) => null;

    public string DisplayName(string client) => client;
}
