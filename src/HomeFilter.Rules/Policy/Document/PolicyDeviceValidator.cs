using System.Globalization;
using System.Net;
using HomeFilter.Rules.Policy.Identity;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>Checks named devices and overrides: names, single addresses, MACs, client IDs, kinds, targets, domains, end times, ids.</summary>
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
        var macs = new Dictionary<ulong, string>();
        var clientIds = new Dictionary<string, string>(StringComparer.Ordinal);
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
            if (addresses.Count == 0 && (device.Macs ?? []).Count == 0 && device.ClientId is null)
            {
                errors.Add(new PolicyError(JsonPath.Property(devicePath, "addresses"), "a device needs at least one address, MAC address or client ID"));
            }

            CheckMacs(device.Macs ?? [], JsonPath.Property(devicePath, "macs"), macs, errors);
            if (device.ClientId is { } clientId)
            {
                var idPath = JsonPath.Property(devicePath, "clientId");
                if (!ClientIdSyntax.IsValid(clientId))
                {
                    errors.Add(new PolicyError(idPath, $"'{clientId}' is not a client ID: 1 to {ClientIdSyntax.MaxLength} lower-case letters, digits and '-', not starting or ending with '-'"));
                }
                else if (!clientIds.TryAdd(clientId, idPath))
                {
                    errors.Add(new PolicyError(idPath, $"client ID '{clientId}' already belongs to the device at {clientIds[clientId]}"));
                }
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

    private static void CheckMacs(List<string> entries, string path, Dictionary<ulong, string> seen, List<PolicyError> errors)
    {
        for (var m = 0; m < entries.Count; m++)
        {
            var macPath = JsonPath.Index(path, m);
            var text = entries[m] ?? "";
            if (MacError(text, out var mac) is { } error)
            {
                errors.Add(new PolicyError(macPath, error));
            }
            else if (!seen.TryAdd(mac, macPath))
            {
                errors.Add(new PolicyError(macPath, $"MAC {MacAddress.Format(mac)} already belongs to the device at {seen[mac]}"));
            }
        }
    }

    /// <summary>Why <paramref name="text"/> cannot be a device's MAC address, or null (and the value) when it can.</summary>
    public static string? MacError(string text, out ulong mac)
    {
        if (!MacAddress.TryParse(text, out mac))
        {
            return $"'{text}' is not a MAC address (six hex octets: aa:bb:cc:dd:ee:ff or aa-bb-cc-dd-ee-ff)";
        }

        return MacAddress.IsDeviceAddress(mac) ? null : $"'{text}' cannot be one device's MAC address: {MacAddress.Describe(mac)}";
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
