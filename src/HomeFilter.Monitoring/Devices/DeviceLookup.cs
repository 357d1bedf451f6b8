using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Policy.Overrides;

namespace HomeFilter.Monitoring.Devices;

/// <summary>
/// Which named device a client is, for one policy generation: by the client ID it presented over encrypted DNS first
/// (the surest), then by its MAC address, then by its IP address. Built once per generation off the DNS path.
/// </summary>
public sealed class DeviceLookup
{
    private readonly Dictionary<string, string> _byClientId;
    private readonly Dictionary<ulong, string> _byMac;
    private readonly DeviceDirectory _byAddress;

    private DeviceLookup(long generation, Dictionary<string, string> byClientId, Dictionary<ulong, string> byMac, DeviceDirectory byAddress)
    {
        Generation = generation;
        _byClientId = byClientId;
        _byMac = byMac;
        _byAddress = byAddress;
    }

    /// <summary>Knows no device.</summary>
    public static DeviceLookup Empty { get; } = new(-1, new(StringComparer.OrdinalIgnoreCase), [], DeviceDirectory.Empty);

    /// <summary>The rule snapshot generation this lookup was built from.</summary>
    public long Generation { get; }

    public static DeviceLookup From(RuleSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return From(snapshot.Generation, snapshot.Policy.Document, snapshot.Policy.Devices);
    }

    /// <summary>From a policy document's devices; <paramref name="byAddress"/> is its compiled address directory.</summary>
    public static DeviceLookup From(long generation, PolicyDocument document, DeviceDirectory byAddress)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(byAddress);
        var byClientId = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var byMac = new Dictionary<ulong, string>();
        foreach (var device in document.Devices ?? [])
        {
            if (device is null || string.IsNullOrWhiteSpace(device.Name))
            {
                continue;
            }

            var name = device.Name.Trim();
            if (!string.IsNullOrWhiteSpace(device.ClientId))
            {
                byClientId.TryAdd(device.ClientId.Trim(), name);
            }

            foreach (var text in device.Macs ?? [])
            {
                if (MacAddressText.TryParse(text, out var mac))
                {
                    byMac.TryAdd(mac, name);
                }
            }
        }

        return new DeviceLookup(generation, byClientId, byMac, byAddress);
    }

    /// <summary>The device's name, or null when the policy names none of the three.</summary>
    public string? Find(string? clientId, ulong mac, ReadOnlySpan<byte> address)
    {
        if (clientId is not null && _byClientId.TryGetValue(clientId, out var byId))
        {
            return byId;
        }

        if (mac != 0 && _byMac.TryGetValue(mac, out var byMac))
        {
            return byMac;
        }

        return _byAddress.NameFor(address);
    }

    /// <summary>As <see cref="Find(string?, ulong, ReadOnlySpan{byte})"/> with the MAC and address as text (stored rows).</summary>
    public string? Find(string? clientId, string? mac, string? address)
    {
        if (clientId is not null && _byClientId.TryGetValue(clientId, out var byId))
        {
            return byId;
        }

        if (MacAddressText.TryParse(mac, out var parsed) && _byMac.TryGetValue(parsed, out var byMac))
        {
            return byMac;
        }

        return _byAddress.NameFor(address);
    }
}
