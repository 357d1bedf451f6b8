using HomeFilter.Monitoring.Alerts;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Digests;

/// <summary>A daily or weekly summary.</summary>
public enum DigestPeriod
{
    Day,
    Week,
}

/// <summary>
/// A summary of a device's or group's activity for a day or a week: totals, top sites, blocked attempts by
/// category, queries in the night window, the alerts raised, and queries per local hour of day (the chart).
/// </summary>
public sealed record Digest(
    string Subject,
    DigestPeriod Period,
    DateOnly LocalDate,
    string TimeZone,
    DateTime FromUtc,
    DateTime ToUtc,
    long Queries,
    long Blocked,
    IReadOnlyList<CountedItem> TopSites,
    IReadOnlyList<CountedItem> TopBlocked,
    IReadOnlyList<CountedItem> BlockedByCategory,
    long NightQueries,
    IReadOnlyList<Alert> Alerts,
    IReadOnlyList<long> QueriesByHour,
    long NotLogged = 0);
