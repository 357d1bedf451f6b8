using System.Diagnostics.Metrics;

namespace HomeFilter.Branches;

/// <summary>The branch's instruments in the <c>HomeFilter</c> meter: spool depth and drops, link state, policy generation.</summary>
internal static class BranchMetrics
{
    private static readonly Meter Meter = new("HomeFilter");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("homefilter.branch.spool.dropped", "{row}", "Query-log rows dropped because the branch spool was full (a spool-full gap)");
    private static BranchState? _state;

    static BranchMetrics()
    {
        Meter.CreateObservableGauge("homefilter.branch.spool.depth", () => _state?.SpoolDepth ?? 0, "{row}", "Query-log rows waiting in the branch spool for the central store");
        Meter.CreateObservableGauge("homefilter.branch.connected", () => _state is null ? 1 : _state.Connected ? 1 : 0, null, "1 while the central store answers, 0 while the branch spools");
        Meter.CreateObservableGauge("homefilter.branch.policy.generation", () => _state?.PolicyGeneration ?? 0, null, "The central policy generation the branch answers with");
    }

    public static void Register(BranchState state) => _state = state;

    public static void SpoolDropped(long rows) => Dropped.Add(rows);
}
