using System.Diagnostics.Metrics;

namespace HomeFilter.Monitoring.QueryLog;

/// <summary>The <c>HomeFilter.Monitoring</c> meter: rows stored and lost, batch latency.</summary>
public static class MonitoringMetrics
{
    public const string MeterName = "HomeFilter.Monitoring";
    public static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> StoredRows = Meter.CreateCounter<long>("homefilter.querylog.stored", "{row}", "Query log rows stored");
    private static readonly Counter<long> LostRows = Meter.CreateCounter<long>("homefilter.querylog.lost", "{row}", "Query log rows lost because the store failed");
    private static readonly Histogram<double> BatchLatency = Meter.CreateHistogram<double>("homefilter.querylog.batch.duration", "s", "Time to store one batch");

    internal static void Stored(int rows, double milliseconds)
    {
        StoredRows.Add(rows);
        // Seconds, the base unit Prometheus expects of a duration.
        BatchLatency.Record(milliseconds / 1000);
    }

    internal static void Lost(int rows) => LostRows.Add(rows);
}
