using System.Globalization;
using HomeFilter.Storage.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>The audit log: every change, who made it, when, from where, before and after.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/audit", async (string? actor, string? action, string? from, string? to, string? before, string? limit, IAuditStore store, CancellationToken cancellationToken) =>
        {
            if (!AlertEndpoints.TryParseTime(from, "from", out var start, out var error) || !AlertEndpoints.TryParseTime(to, "to", out var end, out error))
            {
                return ApiProblem.BadRequest(error!);
            }

            long? beforeId = null;
            if (!string.IsNullOrEmpty(before))
            {
                if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    return ApiProblem.BadRequest("before must be an audit entry id");
                }

                beforeId = id;
            }

            var count = 100;
            if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > AuditFilter.MaxLimit))
            {
                return ApiProblem.BadRequest($"limit must be 1..{AuditFilter.MaxLimit}");
            }

            var filter = new AuditFilter
            {
                Actor = string.IsNullOrWhiteSpace(actor) ? null : actor,
                Action = string.IsNullOrWhiteSpace(action) ? null : action,
                From = start,
                To = end,
                Before = beforeId,
                Limit = count,
            };
            return Results.Ok(await store.ListAsync(filter, cancellationToken).ConfigureAwait(false));
        }).WithSummary("Audit entries, newest first (page with before=<last id>)");
        return routes;
    }
}
