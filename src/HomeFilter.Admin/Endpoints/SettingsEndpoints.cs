using HomeFilter.Monitoring.Alerts;
using HomeFilter.Storage.QueryLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace HomeFilter.Admin.Endpoints;

/// <summary>The settings a person looks up in the dashboard: retention and alert delivery (secrets left out).</summary>
public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapSettingsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/settings", (AdminPaths paths, IOptions<QueryLogOptions> log, IOptions<AlertOptions> alerts) =>
        {
            var q = log.Value;
            var a = alerts.Value;
            var webhook = Uri.TryCreate(a.Webhook.Url, UriKind.Absolute, out var url) ? WithoutSecrets(url) : null;
            var email = a.Smtp.Host is not null && a.Smtp.To.Count > 0 ? $"{string.Join(", ", a.Smtp.To)} via {a.Smtp.Host}" : null;
            return Results.Ok(new SettingsView(
                paths.DataDirectory,
                new QueryLogSettings(q.Enabled, q.RetentionDays, q.MaxSizeMegabytes, q.RollupRetentionDays),
                new AlertSettingsView(webhook, email)));
        }).WithSummary("Retention and alert delivery as configured (no secrets)");
        return routes;
    }

    /// <summary>Scheme, host and path only: a token in the query or the user part stays out of the dashboard.</summary>
    private static string WithoutSecrets(Uri url) => url.GetLeftPart(UriPartial.Path).Replace(url.UserInfo + "@", string.Empty, StringComparison.Ordinal);

    public sealed record SettingsView(string DataDirectory, QueryLogSettings QueryLog, AlertSettingsView Alerts);

    public sealed record QueryLogSettings(bool Enabled, int RetentionDays, long MaxSizeMegabytes, int RollupRetentionDays);

    public sealed record AlertSettingsView(string? Webhook, string? Email);
}
