using HomeFilter.Resolver.RateLimit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Endpoints;

/// <summary>The per-client rate limit: its settings, and the clients it limited most (counts and when last).</summary>
public static class RateLimitEndpoints
{
    public static IEndpointRouteBuilder MapRateLimitEndpoints(this IEndpointRouteBuilder routes)
    {
        // Resolved per request rather than injected: an admin host without the resolver answers "off", not a 500.
        routes.MapGet("/api/ratelimit", (HttpContext http) =>
        {
            var options = http.RequestServices.GetService<RateLimitOptions>();
            var limited = http.RequestServices.GetService<LimitedClients>();
            if (options is null || limited is null)
            {
                return Results.Ok(new RateLimitView(false, "drop", 0, 0, 0, 0, 0, 0, []));
            }

            return Results.Ok(new RateLimitView(
                options.Enabled,
                (options.ParsedAction ?? RateLimitAction.Drop).ToString().ToLowerInvariant(),
                options.QueriesPerSecond,
                options.Burst,
                options.NetworkQueriesPerSecond,
                options.NetworkBurst,
                options.MaxUpstreamInFlight,
                limited.Total,
                limited.Snapshot()));
        });
        return routes;
    }

    /// <summary>Server-wide defaults (a group's <c>rateLimit</c> may differ) and the most limited clients.</summary>
    public sealed record RateLimitView(
        bool Enabled,
        string Action,
        int QueriesPerSecond,
        int Burst,
        int NetworkQueriesPerSecond,
        int NetworkBurst,
        int MaxUpstreamInFlight,
        long LimitedTotal,
        IReadOnlyList<LimitedClient> Clients);
}
