using System.Globalization;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.Digests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Endpoints;

/// <summary>Alerts (list, acknowledge) and digests (JSON or a readable HTML page).</summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/alerts", async (string? client, string? group, string? kind, bool? acknowledged, int? limit, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IAlertStore>() is not { } store)
            {
                return Results.Json(new ApiError("alerts need the query log, which is switched off"), statusCode: StatusCodes.Status409Conflict);
            }

            AlertKind? parsedKind = null;
            if (!string.IsNullOrEmpty(kind))
            {
                if (!Enum.TryParse<AlertKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k))
                {
                    return Results.BadRequest(new ApiError("kind must be nightActivity, sensitiveCategory, bypassAttempt or silentDevice"));
                }

                parsedKind = k;
            }

            if (limit is < 1 or > 1000)
            {
                return Results.BadRequest(new ApiError("limit must be 1..1000"));
            }

            var filter = new AlertFilter { Client = client, Group = group, Kind = parsedKind, Acknowledged = acknowledged, Limit = limit ?? 100 };
            return Results.Ok(await store.ListAsync(filter, cancellationToken).ConfigureAwait(false));
        });

        routes.MapPost("/api/alerts/{id:long}/acknowledge", async (long id, IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IAlertStore>() is not { } store)
            {
                return Results.Json(new ApiError("alerts need the query log, which is switched off"), statusCode: StatusCodes.Status409Conflict);
            }

            return await store.AcknowledgeAsync(id, "admin", clock.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false)
                ? Results.NoContent()
                : Results.NotFound(new ApiError($"no alert {id}"));
        });

        routes.MapGet("/api/digests", async (string? client, string? group, string? period, string? date, string? format, IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (services.GetService<DigestBuilder>() is not { } builder)
            {
                return Results.Json(new ApiError("digests need the query log, which is switched off"), statusCode: StatusCodes.Status409Conflict);
            }

            var kind = DigestPeriod.Day;
            if (!string.IsNullOrEmpty(period) && !Enum.TryParse(period, ignoreCase: true, out kind))
            {
                return Results.BadRequest(new ApiError("period must be day or week"));
            }

            var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            if (!string.IsNullOrEmpty(date) && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                return Results.BadRequest(new ApiError("date must be YYYY-MM-DD"));
            }

            if (format is not (null or "" or "json" or "html"))
            {
                return Results.BadRequest(new ApiError("format must be json or html"));
            }

            var digest = await builder.BuildAsync(string.IsNullOrEmpty(client) ? null : client, string.IsNullOrEmpty(group) ? null : group, kind, day, cancellationToken).ConfigureAwait(false);
            return format == "html" ? Results.Content(DigestHtml.Render(digest), "text/html; charset=utf-8") : Results.Ok(digest);
        });
        return routes;
    }
}
