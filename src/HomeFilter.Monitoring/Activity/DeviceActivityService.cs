using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Options;

namespace HomeFilter.Monitoring.Activity;

/// <summary>
/// What the dashboard shows of devices: every client with today's counts, and each device's night against its own
/// recent nights. "Today" and "night" are local time in the policy's time zone; thresholds from
/// <c>HomeFilter:Alerts:UnusualNight</c>.
/// </summary>
public sealed class DeviceActivityService(IQueryLogStore store, IMonitoringPolicy policy, IOptions<AlertOptions> options, TimeProvider clock)
{
    /// <summary>Every device, most recently seen first, with its queries and blocked queries since local midnight.</summary>
    public Task<IReadOnlyList<DeviceActivity>> TodayAsync(CancellationToken cancellationToken)
    {
        var zone = policy.TimeZone;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        var filter = new DeviceActivityFilter { From = LocalTime.StartOfDayUtc(today, zone), To = LocalTime.StartOfDayUtc(today.AddDays(1), zone) };
        return store.GetDevicesAsync(filter, cancellationToken);
    }

    /// <summary>
    /// Each device active in the last <paramref name="nights"/> + 1 nights: its most recent night against the
    /// <paramref name="nights"/> before it (1..<see cref="NightActivityAnalyzer.MaxBaselineNights"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nights"/> is outside 1..90.</exception>
    public Task<IReadOnlyList<DeviceNightActivity>> NightAsync(int nights, CancellationToken cancellationToken)
    {
        if (nights is < 1 or > NightActivityAnalyzer.MaxBaselineNights)
        {
            throw new ArgumentOutOfRangeException(nameof(nights), nights, $"nights must be 1 to {NightActivityAnalyzer.MaxBaselineNights}");
        }

        return AnalyzeAsync(store, policy, Thresholds(options.Value.UnusualNight, nights), clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>Reads the hourly series the analysis needs and runs it (shared with the alert engine).</summary>
    internal static async Task<IReadOnlyList<DeviceNightActivity>> AnalyzeAsync(IQueryLogStore store, IMonitoringPolicy policy, UnusualNightOptions thresholds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var filter = new DeviceActivityFilter { From = NightActivityAnalyzer.HistoryStartUtc(nowUtc, thresholds.BaselineNights), To = nowUtc };
        var hours = await store.GetDeviceHoursAsync(filter, cancellationToken).ConfigureAwait(false);
        var windows = new Dictionary<string, NightWindow>(StringComparer.Ordinal);
        NightWindow WindowFor(string? group)
        {
            var key = group ?? "";
            if (!windows.TryGetValue(key, out var window))
            {
                windows[key] = window = NightWindow.For(policy.AlertSettingsFor(group));
            }

            return window;
        }

        return NightActivityAnalyzer.Analyze(hours, WindowFor, policy.TimeZone, nowUtc, thresholds);
    }

    private static UnusualNightOptions Thresholds(UnusualNightOptions configured, int nights) => new()
    {
        Enabled = configured.Enabled,
        Factor = configured.Factor,
        MinimumQueries = configured.MinimumQueries,
        BaselineNights = nights,
    };
}
