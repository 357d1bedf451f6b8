using HomeFilter.Monitoring.Alerts;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Activity;

/// <summary>
/// Compares each device's most recent night (local time in the policy's zone, the window of its group) with its own
/// previous nights, from hourly counts. Pure: the time zone, the clock and the thresholds are parameters.
/// An hour counts towards a night when the hour starts inside the window (rollups are whole UTC hours).
/// </summary>
public static class NightActivityAnalyzer
{
    /// <summary>Nights of history needed before a night can be unusual.</summary>
    public const int MinimumHistoryNights = 3;

    /// <summary>The most baseline nights asked for at once.</summary>
    public const int MaxBaselineNights = 90;

    /// <summary>Where the hourly series must start so that every window of <paramref name="baselineNights"/> earlier nights is inside it.</summary>
    public static DateTime HistoryStartUtc(DateTime nowUtc, int baselineNights) =>
        nowUtc.AddDays(-(Math.Clamp(baselineNights, 1, MaxBaselineNights) + 3));

    public static IReadOnlyList<DeviceNightActivity> Analyze(
        IReadOnlyList<DeviceHours> devices,
        Func<string?, NightWindow> windowFor,
        TimeZoneInfo zone,
        DateTime nowUtc,
        UnusualNightOptions thresholds)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(windowFor);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(thresholds);
        var baselineNights = Math.Clamp(thresholds.BaselineNights, 1, MaxBaselineNights);
        var results = new List<DeviceNightActivity>(devices.Count);
        foreach (var device in devices)
        {
            var window = windowFor(device.Group);
            var night = window.MostRecentNight(nowUtc, zone);
            var (start, end) = window.Span(night, zone);
            var queries = Count(device.Hours, start, end);
            var previous = new List<long>(baselineNights);
            for (var back = 1; back <= baselineNights; back++)
            {
                var (earlierStart, earlierEnd) = window.Span(night.AddDays(-back), zone);
                if (device.FirstSeenUtc >= earlierEnd)
                {
                    break; // the device was not around yet; older nights neither
                }

                previous.Add(Count(device.Hours, earlierStart, earlierEnd));
            }

            var median = Median(previous);
            var mean = Mean(previous);
            var unusual = previous.Count >= MinimumHistoryNights && queries >= Math.Max(Math.Max(1, thresholds.MinimumQueries), thresholds.Factor * median);
            results.Add(new DeviceNightActivity(
                device.Client,
                device.Group,
                night,
                window,
                start,
                end,
                end > nowUtc,
                queries,
                previous,
                mean,
                median,
                median > 0 ? queries / median : null,
                unusual));
        }

        return results;
    }

    private static long Count(IReadOnlyList<HourlyActivity> hours, DateTime startUtc, DateTime endUtc)
    {
        long total = 0;
        foreach (var hour in hours)
        {
            if (hour.HourUtc >= startUtc && hour.HourUtc < endUtc)
            {
                total += hour.Queries;
            }
        }

        return total;
    }

    private static double Mean(List<long> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        double total = 0;
        foreach (var value in values)
        {
            total += value;
        }

        return total / values.Count;
    }

    private static double Median(List<long> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}
