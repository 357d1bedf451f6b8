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
    /// <summary>Unauthenticated liveness probe for service managers; it reveals nothing.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().WithSummary("Liveness: answers ok");
        return routes;
    }

    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder routes, DateTimeOffset startedAt)
    {

        routes.MapGet("/api/status", (DnsServer dns, QueryStatistics statistics, TimeProvider clock) => Results.Ok(new StatusResponse(
            Version: typeof(StatusEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            StartedAt: startedAt,
            UptimeSeconds: (long)(clock.GetUtcNow() - startedAt).TotalSeconds,
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
