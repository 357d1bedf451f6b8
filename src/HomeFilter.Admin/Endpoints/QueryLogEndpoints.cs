using System.Globalization;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.QueryLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Admin.Endpoints;

/// <summary>What each device looked up: search the query log, its health, and activity statistics.</summary>
public static class QueryLogEndpoints
{
    public static IEndpointRouteBuilder MapQueryLogEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/querylog", async (HttpRequest request, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IQueryLogStore>() is not { } store)
            {
                return Disabled();
            }

            var query = request.Query;
            if (!TryTime(query["from"], out var from, out var error) || !TryTime(query["to"], out var to, out error))
            {
                return ApiProblem.BadRequest(error!);
            }

            var match = NameMatch.Exact;
            if (query["match"].ToString() is { Length: > 0 } matchText && !Enum.TryParse(matchText, ignoreCase: true, out match))
            {
                return ApiProblem.BadRequest("match must be exact, suffix or substring");
            }

            var outcomes = new List<QueryOutcome>();
            foreach (var text in query["outcome"])
            {
                if (!Enum.TryParse<QueryOutcome>(text, ignoreCase: true, out var outcome) || outcome == QueryOutcome.None || !Enum.IsDefined(outcome))
                {
                    return ApiProblem.BadRequest($"unknown outcome '{text}'");
                }

                outcomes.Add(outcome);
            }

            var limit = 100;
            if (query["limit"].ToString() is { Length: > 0 } limitText &&
                (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > QueryLogFilter.MaxLimit))
            {
                return ApiProblem.BadRequest($"limit must be 1..{QueryLogFilter.MaxLimit}");
            }

            var cursor = query["cursor"].ToString();
            if (cursor.Length > 0 && !QueryLogCursor.TryParse(cursor, out _, out _))
            {
                return ApiProblem.BadRequest("cursor is not one this API returned");
            }

            var filter = new QueryLogFilter
            {
                From = from,
                To = to,
                Client = Text(query["client"]),
                Branch = HomeFilter.Admin.Branches.BranchScope.Of(request),
                Group = Text(query["group"]),
                Device = Text(query["device"]),
                Name = Text(query["name"]),
                Match = match,
                Outcomes = outcomes,
                Category = Text(query["category"]),
                Limit = limit,
                Cursor = cursor.Length > 0 ? cursor : null,
            };
            return Results.Ok(await store.SearchAsync(filter, cancellationToken).ConfigureAwait(false));
        });

        // Every service is optional here: a host without the query log still serves the rest of the API.
        routes.MapGet("/api/querylog/status", async (IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var queue = services.GetService<QueryLogQueue>();
            var writer = services.GetService<QueryLogWriter>();
            var store = services.GetService<IQueryLogStore>();
            var info = store is null ? null : await store.GetInfoAsync(cancellationToken).ConfigureAwait(false);
            return Results.Ok(new QueryLogStatus(
                store is not null,
                queue?.Written ?? 0,
                queue?.Dropped ?? 0,
                queue?.Pending ?? 0,
                writer?.Stored ?? 0,
                writer?.Lost ?? 0,
                info,
                writer?.UncleanStop));
        });

        // Queries answered but not in the log (dropped while the writer was behind, or lost in a crash), per client and span.
        routes.MapGet("/api/querylog/gaps", async (HttpRequest request, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IQueryLogStore>() is not { } store)
            {
                return Disabled();
            }

            var query = request.Query;
            if (!TryTime(query["from"], out var from, out var error) || !TryTime(query["to"], out var to, out error))
            {
                return ApiProblem.BadRequest(error!);
            }

            return Results.Ok(await store.GetGapsAsync(from, to, Text(query["client"]), cancellationToken).ConfigureAwait(false));
        });

        routes.MapGet("/api/statistics", async (HttpRequest request, IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IQueryLogStore>() is not { } store)
            {
                return Disabled();
            }

            var query = request.Query;
            if (!TryTime(query["from"], out var from, out var error) || !TryTime(query["to"], out var to, out error))
            {
                return ApiProblem.BadRequest(error!);
            }

            var top = 10;
            if (query["top"].ToString() is { Length: > 0 } topText && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 100))
            {
                return ApiProblem.BadRequest("top must be 1..100");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var end = to ?? now;
            var start = from ?? end.AddDays(-1);
            if (start >= end)
            {
                return ApiProblem.BadRequest("from must be before to");
            }

            // One branch's (a branch admin's always its own), or the whole network's.
            var filter = new StatisticsFilter { Client = Text(query["client"]), Group = Text(query["group"]), Branch = HomeFilter.Admin.Branches.BranchScope.Of(request), From = start, To = end, Top = top };
            return Results.Ok(await store.GetStatisticsAsync(filter, cancellationToken).ConfigureAwait(false));
        });
        return routes;
    }

    private static IResult Disabled() => ApiProblem.Status(StatusCodes.Status409Conflict, "the query log is switched off (HomeFilter:QueryLog:Enabled)");

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;

    private static bool TryTime(Microsoft.Extensions.Primitives.StringValues value, out DateTime? time, out string? error)
    {
        time = null;
        error = null;
        var text = value.ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            error = $"'{text}' is not an ISO-8601 time (e.g. 2026-11-28T21:30:00Z)";
            return false;
        }

        time = parsed.UtcDateTime;
        return true;
    }

    private sealed record QueryLogStatus(bool Enabled, long Queued, long Dropped, int Pending, long Stored, long Lost, QueryLogStoreInfo? Store, QueryLogUncleanStop? UncleanStop);
}
