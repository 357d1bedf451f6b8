
namespace HomeFilter.Storage.QueryLog;

/// <summary>
/// Where query-log rows live: SQLite by default, PostgreSQL for a network of branches. Writes come from one
/// batch writer; reads (search, statistics, export) may run at the same time. Statistics are answered from
/// rollups kept up to date by <see cref="AppendAsync"/>, never by scanning raw rows, and outlive row retention.
/// </summary>
public interface IQueryLogStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema; safe to call more than once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores a batch of rows and updates the rollups, all or nothing.</summary>
    Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken);

    /// <summary>Records queries that were answered but are not in the log (dropped, given up, lost in a crash), so searches and exports can show the gap.</summary>
    Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken);

    /// <summary>Gaps overlapping <paramref name="fromUtc"/>..<paramref name="toUtc"/> (either may be open), for one client (and the gaps of unknown clients) or everyone, oldest first.</summary>
    Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken);

    /// <summary>Rows matching <paramref name="filter"/>, newest first, one page at a time (keyset paging).</summary>
    Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken);

    /// <summary>Every row matching <paramref name="filter"/> (its limit and cursor ignored), oldest first: evidence export.</summary>
    IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, CancellationToken cancellationToken);

    /// <summary>Totals, tops and an hourly series for a client, a group or everyone over a range, from the rollups.</summary>
    Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Every client that has queried (or only <see cref="DeviceActivityFilter.Client"/>), most recently seen first:
    /// first and last seen, the group of its latest row, and its counts in the range from the hourly rollups.
    /// </summary>
    Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken);

    /// <summary>Per client active in the range (or only <see cref="DeviceActivityFilter.Client"/>), its hourly series from the rollups.</summary>
    Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken);

    /// <summary>Deletes rows older than the age limit, then the oldest rows while the store is over its size limit, in small steps.</summary>
    Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>Size and extent of the log.</summary>
    Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken);
}
