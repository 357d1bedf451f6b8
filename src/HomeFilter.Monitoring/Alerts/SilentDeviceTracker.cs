using System.Globalization;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>
/// Notices a device that was busy (at least <see cref="ActiveQueries"/> queries in the hour before its last one)
/// and then sends nothing for its group's silence period while other devices keep querying: it may have been
/// switched to another DNS server. One alert per silence (the key names when it went quiet).
/// </summary>
internal sealed class SilentDeviceTracker
{
    public const int ActiveQueries = 10;
    private static readonly TimeSpan ActiveWindow = TimeSpan.FromHours(1);
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(2);
    private readonly Dictionary<string, Device> _devices = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Devices currently remembered.</summary>
    public int DeviceCount
    {
        get
        {
            lock (_gate)
            {
                return _devices.Count;
            }
        }
    }

    public void Observe(QueryLogRecord row)
    {
        lock (_gate)
        {
            if (!_devices.TryGetValue(row.Client, out var device))
            {
                _devices[row.Client] = device = new Device(row.Group);
            }

            device.Group = row.Group;
            device.Recent.Enqueue(row.TimeUtc);
            if (row.TimeUtc > device.LastSeen)
            {
                device.LastSeen = row.TimeUtc;
            }

            while (device.Recent.Count > 0 && device.Recent.Peek() < device.LastSeen - ActiveWindow)
            {
                device.Recent.Dequeue();
            }

            // Keep the queue bounded for a chatty device: the count only needs to reach the threshold.
            while (device.Recent.Count > 4 * ActiveQueries)
            {
                device.Recent.Dequeue();
            }
        }
    }

    public void Check(DateTime nowUtc, Func<string?, AlertSettings> settingsFor, List<Alert> raised, Func<string, string?>? deviceName = null)
    {
        lock (_gate)
        {
            foreach (var (client, device) in _devices)
            {
                if (nowUtc - device.LastSeen > ForgetAfter)
                {
                    // Long gone (a visitor, a changed privacy address): forget it so the table stays small.
                    // Removing while enumerating is allowed for Dictionary.
                    _devices.Remove(client);
                    continue;
                }

                var settings = settingsFor(device.Group);
                if (!settings.Silence || device.Recent.Count < ActiveQueries || nowUtc - device.LastSeen < settings.SilenceAfter)
                {
                    continue;
                }

                var othersActive = false;
                foreach (var (other, state) in _devices)
                {
                    othersActive |= other != client && nowUtc - state.LastSeen < settings.SilenceAfter;
                }

                if (!othersActive)
                {
                    continue;
                }

                var name = deviceName?.Invoke(client);
                var who = AlertRules.Who(client, device.Group, name);
                raised.Add(new Alert
                {
                    Kind = AlertKind.SilentDevice,
                    TimeUtc = nowUtc,
                    Client = client,
                    Group = device.Group,
                    Device = name,
                    Message = string.Create(CultureInfo.InvariantCulture, $"{who} was busy and has sent no DNS queries since {device.LastSeen:u} while other devices are active; it may be using another DNS server"),
                    DedupeKey = string.Create(CultureInfo.InvariantCulture, $"silent:{client}:{device.LastSeen:O}"),
                });
            }
        }
    }

    private sealed class Device(string? group)
    {
        public string? Group { get; set; } = group;

        public DateTime LastSeen { get; set; }

        public Queue<DateTime> Recent { get; } = new();
    }
}
