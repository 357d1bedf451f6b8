using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>Instruments of list downloads, tagged with the source id (one per configured list: low cardinality).</summary>
internal static class ListMetrics
{
    public static readonly Counter<long> Fetches = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.lists.fetches", description: "List downloads asked of a server (conditional GETs included).");

    public static readonly Counter<long> Failures = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.lists.failures", description: "List downloads that failed (network, HTTP, timeout, bad gzip or archive, size); the last good copy stays.");

    public static readonly Counter<long> HeldBack = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.lists.held_back", description: "Downloaded copies held back by a guard (shrunk, empty, an HTML page); the last good copy stays.");
}
