using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Monitoring.MonitoringPolicy;

/// <summary>The monitoring view of the live rule snapshot: always the policy in force, read once per call.</summary>
public sealed class SnapshotMonitoringPolicy(RuleSnapshotHolder rules) : IMonitoringPolicy
{
    public TimeZoneInfo TimeZone => rules.Current.Policy.TimeZone;

    public IReadOnlySet<string> Categories => rules.Current.Policy.CategoryNames.ToHashSet(StringComparer.Ordinal);

    public long Generation => rules.Current.Generation;

    public string DocumentJson => PolicyDocumentWriter.Write(rules.Current.Policy.Document);

    /// <summary>"Emma's tablet (192.168.1.20)" for a named device, else the address.</summary>
    public string DisplayName(string client) => DeviceName(client) is { } name ? $"{name} ({client})" : client;

    public string? DeviceName(string client) => rules.Current.Policy.Devices.NameFor(client);

    public GroupAlertSettings? AlertSettingsFor(string? group)
    {
        var policy = rules.Current.Policy;
        if (group is null)
        {
            return policy.Default.Alerts;
        }

        foreach (var candidate in policy.Groups)
        {
            if (string.Equals(candidate.Name, group, StringComparison.OrdinalIgnoreCase))
            {
                return candidate.Alerts;
            }
        }

        return null;
    }
}
