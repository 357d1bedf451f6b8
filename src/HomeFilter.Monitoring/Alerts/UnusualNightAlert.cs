using System.Globalization;
using HomeFilter.Monitoring.Activity;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>The alert for an unusual night, in plain words: who, how many lookups, in which window, what is usual.</summary>
internal static class UnusualNightAlert
{
    public static Alert For(DeviceNightActivity night, IMonitoringPolicy policy, DateTime nowUtc)
    {
        var name = policy.DisplayName(night.Client);
        var who = name == night.Client && night.Group is not null ? $"{name} ({night.Group})" : name;
        var from = NightWindow.Text(night.Window.From);
        var to = NightWindow.Text(night.Window.To);
        var median = Math.Round(night.BaselineMedian, MidpointRounding.AwayFromZero);
        var usual = median == 0 ? "none" : median.ToString("0", CultureInfo.InvariantCulture);
        var message = night.InProgress
            ? string.Create(CultureInfo.InvariantCulture, $"{who} has made {night.Queries} lookups since {from} tonight, usually {usual} between {from} and {to}")
            : string.Create(CultureInfo.InvariantCulture, $"{who} made {night.Queries} lookups between {from} and {to}, usually {usual}");
        return new Alert
        {
            Kind = AlertKind.UnusualNightActivity,
            TimeUtc = nowUtc,
            Client = night.Client,
            Group = night.Group,
            Device = policy.DeviceName(night.Client),
            Message = message,
            // One per device and night; the night is named by the evening it began, like night activity.
            DedupeKey = string.Create(CultureInfo.InvariantCulture, $"unusualnight:{night.Client}:{night.Night:yyyy-MM-dd}"),
        };
    }
}
