using HomeFilter.Admin.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>
/// Probes for service managers, load balancers and monitoring: open without a session, and they say nothing about
/// people (no client, name or path), only whether the process answers and whether it is ready to filter.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => Results.Json(new { status = "live" }))
            .AllowAnonymous()
            .WithSummary("Liveness: the process answers HTTP");
        routes.MapGet("/health/ready", (IServiceProvider services) =>
            {
                var report = Readiness.Check(services);
                return Results.Json(report, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .AllowAnonymous()
            .WithSummary("Readiness: 200 when the DNS listeners are bound, the first rules are loaded and the query log is open; 503 otherwise");
        return routes;
    }
}
