using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Monitoring.MonitoringPolicy;

/// <summary>What monitoring needs from the policy in force: its time zone, per-group alert settings, categories, the document.</summary>
public interface IMonitoringPolicy
{
    TimeZoneInfo TimeZone { get; }

    /// <summary>The alert settings of a group (null group: clients in no group); null when the group sets none.</summary>
    GroupAlertSettings? AlertSettingsFor(string? group);

    IReadOnlySet<string> Categories { get; }

    long Generation { get; }

    /// <summary>The policy in force as JSON (for evidence).</summary>
    string DocumentJson { get; }

    /// <summary>What to call a client in messages: its device name when the policy names it, else the address itself.</summary>
    string DisplayName(string client);

    /// <summary>The name a person gave the device with this address, or null.</summary>
    string? DeviceName(string client) => null;
}
