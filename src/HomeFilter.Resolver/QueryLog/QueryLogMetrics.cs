using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;

namespace HomeFilter.Resolver.QueryLog;

/// <summary>Counters of the query log hand-off.</summary>
internal static class QueryLogMetrics
{
    private static readonly Counter<long> Dropped = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.querylog.dropped", unit: "{entry}", description: "Query log entries dropped because the writer fell behind");

    /// <summary>The queues alive (one in a program): the gauge is created once and shows their total.</summary>
    private static readonly LiveInstances<QueryLogQueue> Queues = new();

    static QueryLogMetrics()
    {
        ResolverMeter.Meter.CreateObservableGauge("homefilter.querylog.pending", static () => Queues.Sum(static q => q.Pending), unit: "{entry}", description: "Query log entries waiting for the writer");
    }

    public static void Drop() => Dropped.Add(1);

    public static void Register(QueryLogQueue queue) => Queues.Add(queue);
}
