using System.Globalization;
using HomeFilter.Monitoring.Evidence;
using HomeFilter.Monitoring.Storage;
using HomeFilter.Resolver.Reload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Endpoints;

/// <summary>An evidence export of a device's or group's log rows for a time range, as a zip download.</summary>
public static class EvidenceEndpoints
{
    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/evidence", async (string? client, string? group, string? from, string? to, IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IQueryLogStore>() is not { } store)
            {
                return Results.Json(new ApiError("the query log is switched off"), statusCode: StatusCodes.Status409Conflict);
            }

            if (string.IsNullOrWhiteSpace(client) && string.IsNullOrWhiteSpace(group))
            {
                return Results.BadRequest(new ApiError("client or group is required"));
            }

            if (!DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start) ||
                !DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end) || start >= end)
            {
                return Results.BadRequest(new ApiError("from and to must be ISO-8601 times with from before to"));
            }

            var loader = services.GetRequiredService<RuleSnapshotLoader>();
            var generation = services.GetRequiredService<RuleSnapshotHolder>().Current.Generation;
            var zip = Path.Combine(Path.GetTempPath(), $"homefilter-evidence-{Guid.NewGuid():N}.zip");
            var request = new EvidenceRequest(string.IsNullOrWhiteSpace(client) ? null : client, string.IsNullOrWhiteSpace(group) ? null : group, start.UtcDateTime, end.UtcDateTime);
            await EvidenceExporter.ExportAsync(store, request, loader.ExportCurrent(), generation, zip, clock.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
            var stream = new FileStream(zip, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 65536, FileOptions.DeleteOnClose);
            var name = string.Create(CultureInfo.InvariantCulture, $"evidence-{(client ?? group)!.Replace(':', '-')}-{start.UtcDateTime:yyyyMMddTHHmm}.zip");
            return Results.File(stream, "application/zip", name);
        });
        return routes;
    }
}
