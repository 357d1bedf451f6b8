using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Hosting.Postgres;

/// <summary>
/// The PostgreSQL query log as the writer sees it while the database may be away at start: opening does not wait
/// for the server (the schema service migrates when it answers), and the extent reads as empty and retention does nothing until then. Every
/// other call goes to the store, which fails fast while the server is away; the writer retries.
/// </summary>
internal sealed class DeferredQueryLogStore(IQueryLogStore inner, PostgresStoreStatus status) : IQueryLogStore
{
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        status.Available ? inner.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public async Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken) =>
        status.Available ? await inner.GetInfoAsync(cancellationToken).ConfigureAwait(false) : new QueryLogStoreInfo(0, null, null, 0, 0);

    public Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken) => inner.AppendAsync(batch, cancellationToken);

    public Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken) => inner.AppendGapsAsync(gaps, cancellationToken);

    public Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken) => inner.GetGapsAsync(fromUtc, toUtc, client, cancellationToken);

    public Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken) => inner.SearchAsync(filter, cancellationToken);

    public IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, CancellationToken cancellationToken) => inner.ReadRangeAsync(filter, cancellationToken);

    public Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken) => inner.GetStatisticsAsync(filter, cancellationToken);

    public Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => inner.GetDevicesAsync(filter, cancellationToken);

    public Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => inner.GetDeviceHoursAsync(filter, cancellationToken);

    // Nothing to prune while the database is away (and the retention service would log a failure every period).
    public Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        status.Available ? inner.EnforceRetentionAsync(nowUtc, cancellationToken) : Task.FromResult(new RetentionResult(0, 0, 0));

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    public override string? ToString() => inner.ToString();
}
