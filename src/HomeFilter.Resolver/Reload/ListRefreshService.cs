using HomeFilter.Resolver.Reload.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Downloads URL lists again every <c>HomeFilter:Lists:RefreshHours</c> (a conditional GET: unchanged lists cost
/// one request) by rebuilding the snapshot; a failed download keeps the last good copy, a failed build the old rules.
/// </summary>
public sealed class ListRefreshService(RuleSnapshotLoader loader, RuleSnapshotHolder holder, IOptions<ListSourceOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromHours(Math.Max(0.01, options.Value.RefreshHours));
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (HasUrlSources(holder.Current))
                {
                    await loader.ReloadAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static bool HasUrlSources(RuleSnapshot snapshot)
    {
        foreach (var source in snapshot.Sources)
        {
            if (ListSource.IsUrl(source.Name))
            {
                return true;
            }
        }

        return false;
    }
}
