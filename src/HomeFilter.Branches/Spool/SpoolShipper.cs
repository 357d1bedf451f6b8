using Microsoft.Extensions.Hosting;

namespace HomeFilter.Branches.Spool;

/// <summary>
/// Sends the spool to the central store: as soon as rows are spooled, and about every second while anything waits
/// (the store may be back); alerts kept while offline go too.
/// </summary>
public sealed class SpoolShipper(SpoolingQueryLogStore queryLog, SpoolingAlertStore? alerts = null) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var waiting = queryLog.Spool.HasWaiting;
                if (waiting)
                {
                    var empty = await queryLog.ShipAsync(stoppingToken).ConfigureAwait(false);
                    if (alerts is not null)
                    {
                        await alerts.ShipAsync(stoppingToken).ConfigureAwait(false);
                    }

                    if (empty && !queryLog.Spool.HasWaiting)
                    {
                        continue;
                    }
                }

                // Woken by a spooled batch; otherwise try again after a second while anything waits.
                await queryLog.WaitForWorkAsync(waiting ? Retry : Timeout.InfiniteTimeSpan, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
