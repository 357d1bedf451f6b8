using System.Globalization;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>
/// The per-query alert rules: night activity, first sensitive-category block of the day, bypass attempts. Pure
/// functions of the row, its group's settings and the local time, so they are tested with any clock. Each alert
/// carries a dedupe key, so a situation raises one alert however many queries show it.
/// </summary>
internal static class AlertRules
{
    public const string BypassCategory = "bypass";

    public static void Evaluate(QueryLogRecord row, AlertSettings settings, TimeZoneInfo zone, BackgroundNames background, List<Alert> raised, Func<string, string?>? deviceName = null)
    {
        if (row.Outcome is QueryOutcome.Refused or QueryOutcome.FormatError or QueryOutcome.NotImplemented)
        {
            return;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(row.TimeUtc, DateTimeKind.Utc), zone);
        if (settings.Night && settings.NightWindow.Contains(WeeklyWindow.MinuteOfWeek(local)) && !background.Contains(row.Name))
        {
            // One alert per device per night; the night is named by the evening it started on.
            var night = local.TimeOfDay.TotalMinutes < settings.NightWindow.To && settings.NightWindow.From > settings.NightWindow.To ? local.Date.AddDays(-1) : local.Date;
            raised.Add(new Alert
            {
                Kind = AlertKind.NightActivity,
                TimeUtc = row.TimeUtc,
                Client = row.Client,
                Group = row.Group,
                Device = DeviceOf(row, deviceName),
                Name = row.Name,
                Message = string.Create(CultureInfo.InvariantCulture, $"{Who(row.Client, row.Group, DeviceOf(row, deviceName))} was active at night: {row.Name} at {local:HH:mm}"),
                DedupeKey = string.Create(CultureInfo.InvariantCulture, $"night:{row.Client}:{night:yyyy-MM-dd}"),
            });
        }

        if (row.Outcome == QueryOutcome.Blocked && row.Category is { } category)
        {
            if (settings.Sensitive.Contains(category))
            {
                raised.Add(new Alert
                {
                    Kind = AlertKind.SensitiveCategory,
                    TimeUtc = row.TimeUtc,
                    Client = row.Client,
                    Group = row.Group,
                    Device = DeviceOf(row, deviceName),
                    Name = row.Name,
                    Category = category,
                    Message = string.Create(CultureInfo.InvariantCulture, $"{Who(row.Client, row.Group, DeviceOf(row, deviceName))} tried to reach {category} content: {row.Name} was blocked at {local:HH:mm}"),
                    DedupeKey = string.Create(CultureInfo.InvariantCulture, $"sensitive:{row.Client}:{category}:{local:yyyy-MM-dd}"),
                });
            }

            if (settings.Bypass && category == BypassCategory)
            {
                raised.Add(new Alert
                {
                    Kind = AlertKind.BypassAttempt,
                    TimeUtc = row.TimeUtc,
                    Client = row.Client,
                    Group = row.Group,
                    Device = DeviceOf(row, deviceName),
                    Name = row.Name,
                    Category = category,
                    Message = string.Create(CultureInfo.InvariantCulture, $"{Who(row.Client, row.Group, DeviceOf(row, deviceName))} tried to get around the filter: {row.Name} ({Describe(row.Name)}) at {local:HH:mm}"),
                    DedupeKey = string.Create(CultureInfo.InvariantCulture, $"bypass:{row.Client}:{row.Name}:{row.TimeUtc:yyyy-MM-ddTHH}"),
                });
            }
        }
    }

    // Built only when an alert is raised: most rows raise none.
    /// <summary>"Emma's tablet (192.168.1.20, kids)" for a named device, "192.168.1.20 (kids)" otherwise.</summary>
    internal static string Who(string client, string? group, Func<string, string?>? deviceName) => Who(client, group, deviceName?.Invoke(client));

    /// <summary>The device the row names (recognised by client ID, MAC or address when it was logged), else the policy's name for its address.</summary>
    internal static string? DeviceOf(QueryLogRecord row, Func<string, string?>? deviceName) => row.Device ?? deviceName?.Invoke(row.Client);

    internal static string Who(string client, string? group, string? device) => (device, group) switch
    {
        (null, null) => client,
        (null, { } g) => $"{client} ({g})",
        ({ } name, null) => $"{name} ({client})",
        ({ } name, { } g) => $"{name} ({client}, {g})",
    };

    private static string Describe(string name) => name switch
    {
        "use-application-dns.net" => "the Firefox DNS-over-HTTPS check",
        "mask.icloud.com" or "mask-h2.icloud.com" => "iCloud Private Relay",
        _ => "an encrypted DNS, VPN or proxy service",
    };
}
