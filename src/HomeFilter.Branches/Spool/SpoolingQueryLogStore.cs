using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Branches.Spool;

/// <summary>
/// The central query-log store as a branch uses it: rows and gaps go to the central store while it answers and
/// nothing waits in the spool; otherwise (it failed, or older rows still wait) to the local spool, which
/// <see cref="ShipAsync"/> sends in order once the store answers again. Each spooled row is removed only after its batch
/// committed, and the store skips sequences it holds, so a row is stored exactly once. Reads go to the central store.
/// The query-log writer is the only appender; DNS never waits on any of this.
/// </summary>
public sealed partial class SpoolingQueryLogStore(
    IQueryLogStore central,
    QueryLogSpool spool,
    BranchSequence sequence,
    BranchLink link,
    ILogger<SpoolingQueryLogStore> logger) : IQueryLogStore
{
    /// <summary>How long one call to the central store may take before the branch treats it as unreachable.</summary>
    internal static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private const int ShipBatch = 2000;
    private readonly SemaphoreSlim _order = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private bool _initialized;
    private bool _full;

    public QueryLogSpool Spool => spool;

    /// <summary>Raised after each shipped batch (tests wait on it instead of sleeping).</summary>
    internal event Action? Shipped;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // A branch starts while the central store is unreachable: it spools until the store is back.
        await TryInitializeCentralAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        // Straight to the store only when nothing older waits and the shipper is not sending (it holds the order).
        if (link.Connected && _initialized && spool.Rows == 0 && await _order.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (spool.Rows == 0)
                {
                    await CallAsync(ct => central.AppendAsync(batch, ct), cancellationToken).ConfigureAwait(false);
                    link.Up();
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                link.Down(e);
            }
            finally
            {
                _order.Release();
            }
        }

        Keep(batch);
    }

    public async Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        if (gaps.Count == 0)
        {
            return;
        }

        if (link.Connected && _initialized)
        {
            try
            {
                await CallAsync(ct => central.AppendGapsAsync(gaps, ct), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                link.Down(e);
            }
        }

        spool.AddGaps(gaps);
        Wake();
    }

    /// <summary>Sends what waits in the spool, oldest first, until it is empty or the store fails; true when it is empty.</summary>
    public async Task<bool> ShipAsync(CancellationToken cancellationToken)
    {
        if (!await TryInitializeCentralAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await _order.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var rows = spool.PeekRows(ShipBatch);
                if (rows.Count == 0)
                {
                    break;
                }

                var batch = new QueryLogRecord[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    batch[i] = rows[i].Row;
                }

                await CallAsync(ct => central.AppendAsync(batch, ct), cancellationToken).ConfigureAwait(false);
                spool.RemoveRowsThrough(rows[^1].Id);
                link.Up();
                Shipped?.Invoke();
            }

            var gaps = spool.PeekGaps(ShipBatch);
            if (gaps.Count > 0)
            {
                var list = new QueryLogGap[gaps.Count];
                for (var i = 0; i < gaps.Count; i++)
                {
                    list[i] = gaps[i].Gap;
                }

                await CallAsync(ct => central.AppendGapsAsync(list, ct), cancellationToken).ConfigureAwait(false);
                spool.RemoveGapsThrough(gaps[^1].Id);
            }

            link.Up();
            return spool.Rows == 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            link.Down(e);
            return false;
        }
        finally
        {
            _order.Release();
        }
    }

    /// <summary>Waits until rows were spooled (or <paramref name="timeout"/> passed).</summary>
    internal Task<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    public Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken) =>
        central.GetGapsAsync(fromUtc, toUtc, client, cancellationToken);

    public Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken) => central.SearchAsync(filter, cancellationToken);

    public IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, CancellationToken cancellationToken) => central.ReadRangeAsync(filter, cancellationToken);

    public Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken) => central.GetStatisticsAsync(filter, cancellationToken);

    // A branch's devices are its own: the devices page, night activity and its alerts and device set-up see this
    // branch's clients (the same address at another branch is another device), unless a branch is named.
    public Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => central.GetDevicesAsync(OwnBranch(filter), cancellationToken);

    public Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken) => central.GetDeviceHoursAsync(OwnBranch(filter), cancellationToken);

    private DeviceActivityFilter OwnBranch(DeviceActivityFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Branch is null ? filter with { Branch = sequence.Branch } : filter;
    }

    /// <summary>Retention is the central store's; every branch asking is harmless (it deletes in small steps).</summary>
    public Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken) => central.EnforceRetentionAsync(nowUtc, cancellationToken);

    public Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken) => central.GetInfoAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await central.DisposeAsync().ConfigureAwait(false);
        _order.Dispose();
        _wake.Dispose();
    }

    private void Keep(IReadOnlyList<QueryLogRecord> batch)
    {
        var dropped = spool.AddRows(batch);
        if (dropped > 0)
        {
            BranchMetrics.SpoolDropped(dropped);

            // Counted always (metrics, the gap); logged when the spool becomes full, not for every batch after.
            if (!_full)
            {
                LogSpoolFull(logger, dropped, spool.Path);
            }
        }

        _full = dropped > 0;

        Wake();
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private async Task<bool> TryInitializeCentralAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return true;
        }

        try
        {
            await CallAsync(central.InitializeAsync, cancellationToken).ConfigureAwait(false);

            // Continue after the highest number the central store holds for this branch (its newest row).
            var newest = await CallAsync(ct => central.SearchAsync(new QueryLogFilter { Branch = sequence.Branch, Limit = 1 }, ct), cancellationToken).ConfigureAwait(false);
            sequence.Continue(newest.Items.Count > 0 ? newest.Items[0].Sequence : 0);
            _initialized = true;
            link.Up();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            link.Down(e);
            return false;
        }
    }

    private static async Task CallAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        await call(timeout.Token).ConfigureAwait(false);
    }

    private static async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        return await call(timeout.Token).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Branch spool full: the {Dropped} oldest rows in {Path} were dropped (recorded as a spool-full gap); raise HomeFilter:Branch:SpoolMaxRows or restore the link")]
    private static partial void LogSpoolFull(ILogger logger, long dropped, string path);
}
