using System.Reflection;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>What the server is doing right now: listeners, uptime and query totals.</summary>
public static class StatusEndpoints
{
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder routes)
    {
        // Unauthenticated liveness probe for service managers; it reveals nothing.
        routes.MapGet("/healthz", () => Results.Text("ok"));

        routes.MapGet("/api/status", (DnsServer dns, QueryStatistics statistics, TimeProvider clock) => Results.Ok(new StatusResponse(
            Version: typeof(StatusEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            StartedAt: StartedAt,
            UptimeSeconds: (long)(clock.GetUtcNow() - StartedAt).TotalSeconds,
            Udp: [.. dns.UdpEndpoints.Select(e => e.ToString())],
            Tcp: [.. dns.TcpEndpoints.Select(e => e.ToString())],
            Queries: statistics.Snapshot(),
            Dropped: statistics.Dropped)));
        return routes;
    }

    public sealed record StatusResponse(
        string Version,
        DateTimeOffset StartedAt,
        long UptimeSeconds,
        IReadOnlyList<string> Udp,
        IReadOnlyList<string> Tcp,
        IReadOnlyDictionary<string, long> Queries,
        long Dropped);
}
