using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Rules.Policy;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Digests;

/// <summary>Builds digests from the query log's rollups and the alert store (never by scanning raw rows).</summary>
public sealed class DigestBuilder(IQueryLogStore store, IAlertStore alerts, IMonitoringPolicy policy)
{
    public Task<Digest> BuildAsync(string? client, string? group, DigestPeriod period, DateOnly localDate, CancellationToken cancellationToken) =>
        BuildAsync(client, group, period, localDate, branch: null, cancellationToken);

    /// <summary>A digest of one branch of a network (<paramref name="branch"/>; null: the whole network or a single site).</summary>
    public async Task<Digest> BuildAsync(string? client, string? group, DigestPeriod period, DateOnly localDate, string? branch, CancellationToken cancellationToken)
    {
        var zone = policy.TimeZone;
        var firstDay = period == DigestPeriod.Week ? localDate.AddDays(-6) : localDate;
        var from = TimeZoneInfo.ConvertTimeToUtc(firstDay.ToDateTime(TimeOnly.MinValue), zone);
        var to = TimeZoneInfo.ConvertTimeToUtc(localDate.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var statistics = await store.GetStatisticsAsync(new StatisticsFilter { Client = client, Group = group, Branch = branch, From = from, To = to, Top = 10 }, cancellationToken).ConfigureAwait(false);
        var settings = AlertSettings.From(policy.AlertSettingsFor(group), policy.Categories);
        var byHour = new long[24];
        long night = 0;
        foreach (var hour in statistics.Hours)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(hour.HourUtc, zone);
            byHour[local.Hour] += hour.Queries;
            if (settings.NightWindow.Contains(WeeklyWindow.MinuteOfWeek(local)))
            {
                night += hour.Queries;
            }
        }

        // Answered queries the log is missing (dropped under a flood, lost in a crash): the totals above lack them.
        long notLogged = 0;
        if (group is null)
        {
            foreach (var gap in await store.GetGapsAsync(from, to, client, cancellationToken).ConfigureAwait(false))
            {
                notLogged += gap.Count;
            }
        }

        var raised = await alerts.ListAsync(new AlertFilter { Client = client, Group = group, From = from, To = to, Limit = 200 }, cancellationToken).ConfigureAwait(false);
        if (branch is not null)
        {
            raised = [.. raised.Where(alert => string.Equals(alert.Branch, branch, StringComparison.Ordinal))];
        }

        return new Digest(
            client is not null ? Subject(client, raised) : group ?? (branch is null ? "everyone" : $"everyone at {branch}"),
            period,
            localDate,
            zone.Id,
            from,
            to,
            statistics.Queries,
            statistics.Blocked,
            statistics.TopNames,
            statistics.TopBlockedNames,
            statistics.TopBlockedCategories,
            night,
            raised,
            byHour,
            notLogged);
    }

    /// <summary>
    /// The device's name when the policy gives its address one; else the name its alerts recognised it by (a device
    /// known by its MAC or client ID, whatever address it had); else the address.
    /// </summary>
    private string Subject(string client, IReadOnlyList<Alert> raised)
    {
        if (policy.DeviceName(client) is not null)
        {
            return policy.DisplayName(client);
        }

        foreach (var alert in raised)
        {
            if (alert.Device is { Length: > 0 } device)
            {
                return $"{device} ({client})";
            }
        }

        return policy.DisplayName(client);
    }
}
