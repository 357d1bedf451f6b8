using System.Globalization;
using System.Net;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>Checks named devices and overrides: names, single addresses, kinds, targets, domains, end times, ids.</summary>
internal static class PolicyDeviceValidator
{
    public const int MaxDevices = 1000;
    public const int MaxOverrides = 500;
    public const int MaxDeviceName = 64;
    public const int MaxNote = 200;
    public const int MaxId = 40;

    public static void CheckDevices(List<DeviceDefinition> devices, string path, List<PolicyError> errors)
    {
        if (devices.Count > MaxDevices)
        {
            errors.Add(new PolicyError(path, string.Create(CultureInfo.InvariantCulture, $"{devices.Count} devices: at most {MaxDevices}")));
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var d = 0; d < devices.Count; d++)
        {
            var device = devices[d] ?? new DeviceDefinition();
            var devicePath = JsonPath.Index(path, d);
            var name = device.Name?.Trim() ?? "";
            if (name.Length is 0 or > MaxDeviceName || name.Any(char.IsControl))
            {
                errors.Add(new PolicyError(JsonPath.Property(devicePath, "name"), string.Create(CultureInfo.InvariantCulture, $"a device name is 1 to {MaxDeviceName} characters, without control characters")));
            }

            var addresses = device.Addresses ?? [];
            if (addresses.Count == 0)
            {
                errors.Add(new PolicyError(JsonPath.Property(devicePath, "addresses"), "a device needs at least one address"));
            }

            for (var a = 0; a < addresses.Count; a++)
            {
                var addressPath = JsonPath.Index(JsonPath.Property(devicePath, "addresses"), a);
                if (NormalizeAddress(addresses[a]) is not { } address)
                {
                    errors.Add(new PolicyError(addressPath, $"'{addresses[a]}' is not a single IPv4 or IPv6 address"));
                }
                else if (!seen.TryAdd(address, addressPath))
                {
                    errors.Add(new PolicyError(addressPath, $"{address} already belongs to the device at {seen[address]}"));
                }
            }
        }
    }

    public static void CheckOverrides(List<OverrideDefinition> overrides, IReadOnlyList<GroupDefinition> groups, string path, List<PolicyError> errors)
    {
        if (overrides.Count > MaxOverrides)
        {
            errors.Add(new PolicyError(path, string.Create(CultureInfo.InvariantCulture, $"{overrides.Count} overrides: at most {MaxOverrides}")));
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < overrides.Count; i++)
        {
            var entry = overrides[i] ?? new OverrideDefinition();
            var entryPath = JsonPath.Index(path, i);
            var kind = entry.Kind;
            if (kind is not (OverrideDefinition.PauseKind or OverrideDefinition.AllowKind or OverrideDefinition.BlockAllKind))
            {
                errors.Add(new PolicyError(JsonPath.Property(entryPath, "kind"), $"'{kind}' is not an override kind: pause, allow or blockAll"));
            }

            if ((entry.Client is null) == (entry.Group is null))
            {
                errors.Add(new PolicyError(entryPath, "an override applies to exactly one of 'client' (an address) or 'group'"));
            }
            else if (entry.Client is not null && NormalizeAddress(entry.Client) is null)
            {
                errors.Add(new PolicyError(JsonPath.Property(entryPath, "client"), $"'{entry.Client}' is not a single IPv4 or IPv6 address"));
            }
            else if (entry.Group is { } group && group != "default" && !HasGroup(groups, group))
            {
                errors.Add(new PolicyError(JsonPath.Property(entryPath, "group"), $"no group '{group}' (or 'default' for clients in no group)"));
            }

            var namesPath = JsonPath.Property(entryPath, "names");
            if (kind == OverrideDefinition.AllowKind)
            {
                if (entry.Names is not { Count: > 0 } names)
                {
                    errors.Add(new PolicyError(namesPath, "an allow override needs the names it allows"));
                }
                else
                {
                    for (var n = 0; n < names.Count; n++)
                    {
                        PolicyDocumentValidator.CheckDomain(names[n], JsonPath.Index(namesPath, n), errors);
                    }
                }
            }
            else if (entry.Names is { Count: > 0 })
            {
                errors.Add(new PolicyError(namesPath, "only an allow override has names"));
            }

            if (!entry.TryGetUntil(out _))
            {
                errors.Add(new PolicyError(JsonPath.Property(entryPath, "until"), $"'{entry.Until}' is not an ISO-8601 time with Z or an offset, e.g. 2026-12-02T19:30:00Z"));
            }

            if (entry.Note is { Length: > MaxNote })
            {
                errors.Add(new PolicyError(JsonPath.Property(entryPath, "note"), string.Create(CultureInfo.InvariantCulture, $"a note is at most {MaxNote} characters")));
            }

            if (entry.Id is { } id)
            {
                var idPath = JsonPath.Property(entryPath, "id");
                if (id.Length is 0 or > MaxId || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    errors.Add(new PolicyError(idPath, string.Create(CultureInfo.InvariantCulture, $"an override id is 1 to {MaxId} letters, digits, '-' or '_'")));
                }
                else if (!ids.TryAdd(id, idPath))
                {
                    errors.Add(new PolicyError(idPath, $"the id '{id}' is already used at {ids[id]}"));
                }
            }
        }
    }

    /// <summary>The canonical text of a single address (IPv4-mapped IPv6 as IPv4), or null.</summary>
    public static string? NormalizeAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Contains('/', StringComparison.Ordinal) || !IPAddress.TryParse(text.Trim(), out var address))
        {
            return null;
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private static bool HasGroup(IReadOnlyList<GroupDefinition> groups, string name)
    {
        foreach (var group in groups)
        {
            if (group is not null && group.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}
