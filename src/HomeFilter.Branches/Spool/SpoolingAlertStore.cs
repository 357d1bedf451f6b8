using HomeFilter.Storage.Alerts;

namespace HomeFilter.Branches.Spool;

/// <summary>
/// The central alert store as a branch uses it: every alert is stamped with the branch; one raised while the store
/// is unreachable is kept in the spool and added (once, by its dedupe key) when the store answers again, and then
/// delivered from there like any undelivered alert.
/// </summary>
public sealed class SpoolingAlertStore(IAlertStore central, QueryLogSpool spool, BranchLink link, string branch) : IAlertStore
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await central.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            link.Down(e);
        }
    }

    public async Task<Alert?> TryAddAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var stamped = alert with { Branch = branch };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SpoolingQueryLogStore.CallTimeout);
            return await central.TryAddAsync(stamped, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            link.Down(e);
            spool.AddAlert(stamped);

            // Not stored yet: delivered once it is (from the central store's undelivered alerts).
            return null;
        }
    }

    /// <summary>Adds the kept alerts, oldest first; stops at the first failure.</summary>
    public async Task ShipAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (id, alert) in spool.PeekAlerts(500))
            {
                await central.TryAddAsync(alert, cancellationToken).ConfigureAwait(false);
                spool.RemoveAlertsThrough(id);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            link.Down(e);
        }
    }

    public Task<IReadOnlyList<Alert>> ListAsync(AlertFilter filter, CancellationToken cancellationToken) => central.ListAsync(filter, cancellationToken);

    public Task<bool> AcknowledgeAsync(long id, string by, DateTime atUtc, CancellationToken cancellationToken) => central.AcknowledgeAsync(id, by, atUtc, cancellationToken);

    public Task<IReadOnlyList<Alert>> UndeliveredAsync(CancellationToken cancellationToken) => central.UndeliveredAsync(cancellationToken);

    public Task MarkDeliveredAsync(long id, CancellationToken cancellationToken) => central.MarkDeliveredAsync(id, cancellationToken);

    public ValueTask DisposeAsync() => central.DisposeAsync();
}
