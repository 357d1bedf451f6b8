using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;

namespace HomeFilter.Resolver.Transport;

/// <summary>Counters of what the listeners saw, including everything they refused to process.</summary>
internal static class TransportMetrics
{
    public static readonly Counter<long> Received = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.dns.received", description: "Queries received, by transport.");

    public static readonly Counter<long> Dropped = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.dns.dropped", description: "Packets dropped without an answer, by reason.");

    public static readonly Counter<long> TcpClosed = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.dns.tcp.closed", description: "TCP connections closed by the server, by reason.");

    public static readonly Counter<long> DohRejected = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.dns.https.rejected", description: "DoH requests answered with an HTTP error before the pipeline, by reason.");

    public static void Drop(string reason) => Dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void CloseTcp(string reason) => TcpClosed.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
