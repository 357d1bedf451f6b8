using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;

namespace HomeFilter.Resolver.Upstream;

/// <summary>Instruments of the upstream side, each tagged with the upstream's configured text (low cardinality).</summary>
internal static class UpstreamMetrics
{
    public static readonly Counter<long> Queries = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.upstream.queries", description: "Attempts sent to an upstream (a TCP retry after truncation counts again).");

    public static readonly Counter<long> Failures = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.upstream.failures", description: "Attempts that failed with an error (network, TLS, HTTP, REFUSED).");

    public static readonly Counter<long> Timeouts = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.upstream.timeouts", description: "Attempts that got no answer within UpstreamTimeoutMs.");

    public static readonly Counter<long> Mismatches = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.upstream.mismatched_answers", description: "Messages ignored because source, ID or question did not match.");

    public static readonly Counter<long> Truncated = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.upstream.truncated", description: "UDP answers with TC set, retried over TCP.");

    public static readonly Histogram<double> Duration = ResolverMeter.Meter.CreateHistogram<double>(
        "homefilter.upstream.duration", unit: "s", description: "Time from sending to an accepted answer, per upstream.");
}
