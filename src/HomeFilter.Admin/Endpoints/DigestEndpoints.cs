using System.Globalization;
using HomeFilter.Monitoring.Digests;
using HomeFilter.Monitoring.MonitoringPolicy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Endpoints;

/// <summary>Daily and weekly digests of a device or group, as JSON or as a self-contained HTML page.</summary>
public static class DigestEndpoints
{
    public static IEndpointRouteBuilder MapDigestEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/digests", async (string? client, string? group, string? period, string? date, string? format, HttpContext http, IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (services.GetService<DigestBuilder>() is not { } builder)
            {
                return ApiProblem.Status(StatusCodes.Status409Conflict, "digests need the query log, which is switched off");
            }

            DigestPeriod kind;
            switch (period?.ToLowerInvariant())
            {
                case null or "" or "day":
                    kind = DigestPeriod.Day;
                    break;
                case "week":
                    kind = DigestPeriod.Week;
                    break;
                default:
                    return ApiProblem.BadRequest("period must be day or week");
            }

            // Default: today where the family lives (the policy's time zone), not in UTC.
            var zone = services.GetService<IMonitoringPolicy>()?.TimeZone ?? TimeZoneInfo.Utc;
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
            if (!string.IsNullOrEmpty(date) && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                return ApiProblem.BadRequest("date must be YYYY-MM-DD");
            }

            if (format is not (null or "" or "json" or "html"))
            {
                return ApiProblem.BadRequest("format must be json or html");
            }

            // One branch's digest (a branch admin's always its own), or the whole network's.
            var branch = HomeFilter.Admin.Branches.BranchScope.Of(http.Request);
            var digest = await builder.BuildAsync(string.IsNullOrEmpty(client) ? null : client, string.IsNullOrEmpty(group) ? null : group, kind, day, branch, cancellationToken).ConfigureAwait(false);
            return format == "html" ? Results.Content(DigestHtml.Render(digest), "text/html; charset=utf-8") : Results.Ok(digest);
        });
        return routes;
    }
}
