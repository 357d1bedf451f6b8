using System.Reflection;
using HomeFilter.Resolver.Reload;
using HomeFilter.Storage.Branches;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HomeFilter.Branches.Registry;

/// <summary>Reports the branch's state to the registry every <c>HomeFilter:Branch:ReportSeconds</c> (10 by default); a failed report waits for the next.</summary>
public sealed class BranchReporter(
    IBranchRegistry registry,
    BranchState state,
    RuleSnapshotHolder rules,
    IHostApplicationLifetime lifetime,
    IOptions<BranchOptions> options,
    TimeProvider clock) : BackgroundService
{
    private static readonly string? Version = typeof(BranchReporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
    private bool _initialized;

    /// <summary>Sends one report now; false when the registry could not be reached.</summary>
    public async Task<bool> ReportAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!_initialized)
            {
                await registry.InitializeAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }

            var healthy = lifetime.ApplicationStarted.IsCancellationRequested && rules.Current.Generation > 0;
            await registry.ReportAsync(state.Report(healthy, Version), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The spool and the policy service say (once) that the store is unreachable.
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(options.Value.ReportSeconds, 1, 3600));
        try
        {
            await ReportAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(period, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await ReportAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
