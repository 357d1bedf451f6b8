using System.Net;
using HomeFilter.Rules.Policy.Identity;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>Checks the default rules and the groups: names, clients, category references, schedules, logging and alerts.</summary>
internal sealed class PolicyGroupValidator(HashSet<string> categories, List<PolicyError> errors)
{
    private const int MaxSilenceMinutes = 1440;
    private const int MinSilenceMinutes = 5;
    private const int MaxQueriesPerSecond = 1_000_000;
    private const int MaxBurst = 10_000_000;

    public void CheckGroups(List<GroupDefinition> groups, string path)
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        // "network/length" → (group name, path) of its first occurrence, to name both groups on a clash.
        var clients = new Dictionary<string, (string Group, string Path)>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g] ?? new GroupDefinition();
            var groupPath = JsonPath.Index(path, g);
            var namePath = JsonPath.Property(groupPath, "name");
            var name = group.Name ?? "";
            if (name.Trim().Length == 0)
            {
                errors.Add(new PolicyError(namePath, "a group needs a name"));
            }
            else if (string.Equals(name, "default", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new PolicyError(namePath, "'default' is reserved for clients in no group; use the document's 'default' rules"));
            }
            else if (!names.TryAdd(name, g))
            {
                errors.Add(new PolicyError(namePath, $"group name '{name}' is already used by {JsonPath.Index(path, names[name])} (names are compared ignoring case)"));
            }

            CheckClients(group.Clients ?? [], name, JsonPath.Property(groupPath, "clients"), clients);
            CheckRules(group, groupPath);
        }
    }

    public void CheckRules(GroupRules rules, string path)
    {
        CheckBlock(rules.Block ?? [], JsonPath.Property(path, "block"), inSchedule: false);
        var schedules = rules.Schedules ?? [];
        var schedulesPath = JsonPath.Property(path, "schedules");
        for (var i = 0; i < schedules.Count; i++)
        {
            CheckSchedule(schedules[i] ?? new ScheduleDefinition(), JsonPath.Index(schedulesPath, i));
        }

        PolicyDocumentValidator.CheckBlockMode(rules.BlockMode, JsonPath.Property(path, "blockMode"), errors);
        if (rules.Log is not null && Array.IndexOf(PolicySyntax.LogModes, rules.Log) < 0)
        {
            errors.Add(new PolicyError(JsonPath.Property(path, "log"), $"log must be all, blocked or none, not '{rules.Log}'"));
        }

        if (rules.Alerts is { } alerts)
        {
            CheckAlerts(alerts, JsonPath.Property(path, "alerts"));
        }

        if (rules.RateLimit is { } rateLimit)
        {
            CheckRateLimit(rateLimit, JsonPath.Property(path, "rateLimit"));
        }
    }

    private void CheckRateLimit(GroupRateLimit limit, string path)
    {
        CheckRange(limit.QueriesPerSecond, 0, MaxQueriesPerSecond, "queriesPerSecond", "queries per second");
        CheckRange(limit.Burst, 1, MaxBurst, "burst", "burst");
        CheckRange(limit.NetworkQueriesPerSecond, 0, MaxQueriesPerSecond, "networkQueriesPerSecond", "queries per second");
        CheckRange(limit.NetworkBurst, 1, MaxBurst, "networkBurst", "burst");

        void CheckRange(int? value, int min, int max, string property, string what)
        {
            if (value is { } v && (v < min || v > max))
            {
                errors.Add(new PolicyError(JsonPath.Property(path, property), $"{what} must be between {min} and {max}, not {v}"));
            }
        }
    }

    private void CheckClients(List<string> entries, string group, string path, Dictionary<string, (string Group, string Path)> seen)
    {
        // A group may be empty: it is made first in the dashboard, and devices are moved into it afterwards.
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? "";
            var itemPath = JsonPath.Index(path, i);
            if (IdentityKey(entry, itemPath) is { } identity)
            {
                if (identity.Key is { } identityKey)
                {
                    Remember(identityKey, identity.What, entry, group, itemPath, seen);
                }

                continue;
            }

            if (!PolicySyntax.TryParsePrefix(entry, out var address, out var length))
            {
                errors.Add(new PolicyError(itemPath, $"'{entry}' is not an IP address or CIDR prefix (such as 192.168.1.32/28 or fd00::/64), nor a MAC address (02:1a:2b:3c:4d:5e) or client ID (id:emma-phone)"));
                continue;
            }

            var network = PolicySyntax.Network(address, length);
            if (!network.Equals(address))
            {
                errors.Add(new PolicyError(itemPath, $"'{entry}' has host bits set after /{length}; the prefix is {network}/{length}"));
                continue;
            }

            var key = network + "/" + length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (seen.TryGetValue(key, out var first))
            {
                var what = length == PolicySyntax.Width(address) ? "address" : "prefix";
                errors.Add(new PolicyError(itemPath, first.Group == group
                    ? $"{what} '{entry}' is listed twice in group '{group}' (first at {first.Path})"
                    : $"{what} '{entry}' is in both group '{first.Group}' ({first.Path}) and group '{group}'"));
                continue;
            }

            seen.Add(key, (group, itemPath));
        }
    }

    /// <summary>
    /// For a MAC or <c>id:</c> entry: its clash key ("mac:…", "id:…"; null when the entry is invalid, which is
    /// reported here) and what it is. Null for any other entry (an address or prefix).
    /// </summary>
    private (string? Key, string What)? IdentityKey(string entry, string itemPath)
    {
        if (ClientIdSyntax.TryParseGroupEntry(entry, out var id))
        {
            if (ClientIdSyntax.IsValid(id))
            {
                return ("id:" + id, "client ID");
            }

            errors.Add(new PolicyError(itemPath, $"'{entry}' is not a client ID: id: and 1 to {ClientIdSyntax.MaxLength} lower-case letters, digits and '-', not starting or ending with '-' (such as id:emma-phone)"));
            return (null, "client ID");
        }

        if (!MacAddress.TryParse(entry, out _))
        {
            return null;
        }

        if (PolicyDeviceValidator.MacError(entry, out var mac) is { } error)
        {
            errors.Add(new PolicyError(itemPath, error));
            return (null, "MAC");
        }

        return ("mac:" + MacAddress.Format(mac), "MAC");
    }

    private void Remember(string key, string what, string entry, string group, string itemPath, Dictionary<string, (string Group, string Path)> seen)
    {
        if (seen.TryGetValue(key, out var first))
        {
            errors.Add(new PolicyError(itemPath, first.Group == group
                ? $"{what} '{entry}' is listed twice in group '{group}' (first at {first.Path})"
                : $"{what} '{entry}' is in both group '{first.Group}' ({first.Path}) and group '{group}'"));
            return;
        }

        seen.Add(key, (group, itemPath));
    }

    private void CheckSchedule(ScheduleDefinition schedule, string path)
    {
        CheckTime(schedule.From, JsonPath.Property(path, "from"));
        CheckTime(schedule.To, JsonPath.Property(path, "to"));
        var days = schedule.Days ?? [];
        var daysPath = JsonPath.Property(path, "days");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i] ?? "";
            var dayPath = JsonPath.Index(daysPath, i);
            if (!PolicySyntax.DayNames.Contains(day, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new PolicyError(dayPath, $"'{day}' is not a day; use mon, tue, wed, thu, fri, sat or sun"));
            }
            else if (!seen.Add(day))
            {
                errors.Add(new PolicyError(dayPath, $"day '{day}' is listed twice"));
            }
        }

        CheckBlock(schedule.Block ?? [], JsonPath.Property(path, "block"), inSchedule: true);
    }

    private void CheckBlock(List<string> block, string path, bool inSchedule)
    {
        if (inSchedule && block.Count == 0)
        {
            errors.Add(new PolicyError(path, "a schedule must block at least one category, or \"*\""));
        }

        for (var i = 0; i < block.Count; i++)
        {
            var name = block[i] ?? "";
            var itemPath = JsonPath.Index(path, i);
            if (name == PolicyDocumentValidator.Everything)
            {
                if (!inSchedule)
                {
                    errors.Add(new PolicyError(itemPath, "\"*\" is only allowed in a schedule's block"));
                }
                else if (block.Count > 1)
                {
                    errors.Add(new PolicyError(itemPath, "\"*\" must be the only entry of a schedule's block"));
                }
            }
            else
            {
                CheckCategoryReference(name, itemPath);
            }
        }
    }

    private void CheckCategoryReference(string name, string path)
    {
        if (!categories.Contains(name))
        {
            errors.Add(new PolicyError(path, $"unknown category '{name}'; define it under categories"));
        }
    }

    private void CheckAlerts(GroupAlertSettings alerts, string path)
    {
        if (alerts.NightActivity is { } night)
        {
            var nightPath = JsonPath.Property(path, "nightActivity");
            CheckTime(night.From, JsonPath.Property(nightPath, "from"));
            CheckTime(night.To, JsonPath.Property(nightPath, "to"));
        }

        if (alerts.SensitiveCategories is { } sensitive)
        {
            var sensitivePath = JsonPath.Property(path, "sensitiveCategories");
            for (var i = 0; i < sensitive.Count; i++)
            {
                CheckCategoryReference(sensitive[i] ?? "", JsonPath.Index(sensitivePath, i));
            }
        }

        if (alerts.Silence is { Minutes: < MinSilenceMinutes or > MaxSilenceMinutes } silence)
        {
            errors.Add(new PolicyError(JsonPath.Property(JsonPath.Property(path, "silence"), "minutes"),
                $"silence minutes must be between {MinSilenceMinutes} and {MaxSilenceMinutes}, not {silence.Minutes}"));
        }
    }

    private void CheckTime(string? time, string path)
    {
        if (!PolicySyntax.IsTimeOfDay(time))
        {
            errors.Add(new PolicyError(path, $"'{time}' is not a time; use HH:mm from 00:00 to 23:59"));
        }
    }
}
