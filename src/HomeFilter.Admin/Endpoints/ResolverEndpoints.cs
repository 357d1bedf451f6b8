using HomeFilter.Admin.Audit;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Transport.Encrypted;
using HomeFilter.Resolver.Upstream;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>The health of each upstream resolver, the state of the response cache, and where encrypted DNS is served with which certificate.</summary>
public static class ResolverEndpoints
{
    public static IEndpointRouteBuilder MapResolverEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/upstreams", (UpstreamSet upstreams) => Results.Ok(upstreams.GetHealth()));
        routes.MapGet("/api/resolver/encrypted", ([FromServices] EncryptedDnsServer encrypted) => Results.Ok(encrypted.GetStatus()));
        routes.MapGet("/api/cache", (DnsResponseCache cache) => Results.Ok(cache.GetStatistics()));
        routes.MapDelete("/api/cache", async (HttpContext http, DnsResponseCache cache, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            cache.Clear();
            await audit.RecordAsync(http, "cache.clear", null, null, null, cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        });
        return routes;
    }
}
