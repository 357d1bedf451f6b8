using System.Globalization;
using HomeFilter.Monitoring.Evidence;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Storage.QueryLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Endpoints;

/// <summary>An evidence export of a device's or group's log rows for a time range (on a branch network, of one branch or all), as a zip download.</summary>
public static class EvidenceEndpoints
{
    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/evidence", async (string? client, string? group, string? from, string? to, HttpContext http, IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IQueryLogStore>() is not { } store || services.GetService<IMonitoringPolicy>() is not { } policy)
            {
                return ApiProblem.Status(StatusCodes.Status409Conflict, "evidence needs the query log, which is switched off");
            }

            client = string.IsNullOrWhiteSpace(client) ? null : client.Trim();
            group = string.IsNullOrWhiteSpace(group) ? null : group.Trim();
            if (client is null && group is null)
            {
                return ApiProblem.BadRequest("client or group is required");
            }

            if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
            {
                return ApiProblem.BadRequest("from and to are required (ISO-8601, e.g. 2026-11-28T00:00:00Z)");
            }

            if (!AlertEndpoints.TryParseTime(from, "from", out var start, out var error) || !AlertEndpoints.TryParseTime(to, "to", out var end, out error))
            {
                return ApiProblem.BadRequest(error!);
            }

            if (start >= end)
            {
                return ApiProblem.BadRequest("from must be before to");
            }

            var zip = Path.Combine(Path.GetTempPath(), $"homefilter-evidence-{Guid.NewGuid():N}.zip");
            // One branch's rows (a branch admin's always its own), or every branch's.
            var branch = HomeFilter.Admin.Branches.BranchScope.Of(http.Request);
            var request = new EvidenceRequest(client, group, start!.Value, end!.Value, client is null ? null : policy.DeviceName(client), branch);
            await EvidenceExporter.ExportAsync(store, request, policy.DocumentJson, policy.Generation, zip, clock.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);

            // Deleted when the download stream is closed.
            var stream = new FileStream(zip, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 65536, FileOptions.DeleteOnClose);
            var subject = string.Concat((client ?? group)!.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-'));
            var name = string.Create(CultureInfo.InvariantCulture, $"evidence-{subject}-{start.Value:yyyyMMdd'T'HHmm}.zip");
            return Results.File(stream, "application/zip", name);
        });
        return routes;
    }
}
