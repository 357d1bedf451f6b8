using System.Globalization;
using HomeFilter.Admin.Audit;
using HomeFilter.Admin.Security;
using HomeFilter.Monitoring.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Admin.Endpoints;

/// <summary>Alerts: list with filters (client, group, kind, acknowledged, time range, limit), acknowledge.</summary>
public static class AlertEndpoints
{
    private static readonly Dictionary<string, AlertKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["nightActivity"] = AlertKind.NightActivity,
        ["sensitiveCategory"] = AlertKind.SensitiveCategory,
        ["bypassAttempt"] = AlertKind.BypassAttempt,
        ["silentDevice"] = AlertKind.SilentDevice,
        ["unusualNight"] = AlertKind.UnusualNightActivity,
        ["listHeldBack"] = AlertKind.ListHeldBack,
        ["uncleanStop"] = AlertKind.UncleanStop,
    };

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/alerts", async (HttpRequest request, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IAlertStore>() is not { } store)
            {
                return Disabled();
            }

            var query = request.Query;
            AlertKind? kind = null;
            if (query["kind"].ToString() is { Length: > 0 } kindText)
            {
                if (!Kinds.TryGetValue(kindText, out var parsed))
                {
                    return ApiProblem.BadRequest("kind must be nightActivity, sensitiveCategory, bypassAttempt, silentDevice, unusualNight or listHeldBack");
                }

                kind = parsed;
            }

            bool? acknowledged = null;
            if (query["acknowledged"].ToString() is { Length: > 0 } acknowledgedText)
            {
                if (!bool.TryParse(acknowledgedText, out var parsed))
                {
                    return ApiProblem.BadRequest("acknowledged must be true or false");
                }

                acknowledged = parsed;
            }

            var limit = 100;
            if (query["limit"].ToString() is { Length: > 0 } limitText &&
                (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
            {
                return ApiProblem.BadRequest("limit must be 1..1000");
            }

            if (!TryParseTime(query["from"], "from", out var from, out var error) || !TryParseTime(query["to"], "to", out var to, out error))
            {
                return ApiProblem.BadRequest(error!);
            }

            var filter = new AlertFilter
            {
                Client = NullIfEmpty(query["client"]),
                Group = NullIfEmpty(query["group"]),
                Kind = kind,
                Acknowledged = acknowledged,
                From = from,
                To = to,
                Limit = limit,
            };
            var alerts = await store.ListAsync(filter, cancellationToken).ConfigureAwait(false);

            // One branch's alerts (a branch admin's always): the store filters by the rest.
            return HomeFilter.Admin.Branches.BranchScope.Of(request) is { } branch
                ? Results.Ok(alerts.Where(a => string.Equals(a.Branch, branch, StringComparison.Ordinal)).ToList())
                : Results.Ok(alerts);
        });

        routes.MapPost("/api/alerts/{id}/acknowledge", async (string id, HttpContext http, IServiceProvider services, TimeProvider clock, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IAlertStore>() is not { } store)
            {
                return Disabled();
            }

            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return ApiProblem.BadRequest("the alert id must be a number");
            }

            // The account or token that acknowledged, not a name the request claims.
            var who = AdminClaims.Actor(http.User);
            if (!await store.AcknowledgeAsync(number, who, clock.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false))
            {
                return ApiProblem.NotFound(string.Create(CultureInfo.InvariantCulture, $"no alert {number}"));
            }

            await audit.RecordAsync(http, "alert.acknowledge", number.ToString(CultureInfo.InvariantCulture), null, null, cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        }).WithSummary("Acknowledge an alert (recorded with who did it)");

        routes.MapPost("/api/alerts/test", async (HttpContext http, IServiceProvider services, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            if (services.GetService<AlertDelivery>() is not { } delivery)
            {
                return Disabled();
            }

            var failures = await delivery.SendTestAsync(AdminClaims.Actor(http.User), cancellationToken).ConfigureAwait(false);
            await audit.RecordAsync(http, "alert.test", null, null, new { failures }, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new TestAlertResult(failures.Count == 0, failures.Count == 0 ? null : string.Join("; ", failures)));
        }).WithSummary("Send a test alert to the configured webhook and e-mail now");

        return routes;
    }

    public sealed record TestAlertResult(bool Delivered, string? Error);

    /// <summary>An optional ISO-8601 time (UTC unless it carries an offset); false with a message when it is not one.</summary>
    internal static bool TryParseTime(string? text, string parameter, out DateTime? utc, out string? error)
    {
        utc = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            error = $"{parameter} must be an ISO-8601 time such as 2026-11-28T21:00:00Z";
            return false;
        }

        utc = parsed.UtcDateTime;
        return true;
    }

    private static IResult Disabled() => ApiProblem.Status(StatusCodes.Status409Conflict, "alerts need the query log, which is switched off");

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
