using System.Buffers.Binary;
using System.Net;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Policy.Identity;

namespace HomeFilter.Rules.Policy.Overrides;

/// <summary>
/// The devices people named, found by client ID, MAC address or IP address, for display (the log, alerts, digests,
/// evidence). Lookups allocate nothing; a device is known by its index in the document's <c>devices</c>.
/// </summary>
public sealed class DeviceDirectory
{
    private readonly string[] _names;
    private readonly Dictionary<UInt128, int> _byAddress;
    private readonly Dictionary<ulong, int> _byMac;
    private readonly Dictionary<string, int> _byClientId;

    private DeviceDirectory(string[] names, Dictionary<UInt128, int> byAddress, Dictionary<ulong, int> byMac, Dictionary<string, int> byClientId)
    {
        _names = names;
        _byAddress = byAddress;
        _byMac = byMac;
        _byClientId = byClientId;
    }

    /// <summary>No named devices.</summary>
    public static DeviceDirectory Empty { get; } = new([], [], [], new(StringComparer.Ordinal));

    /// <summary>How many addresses have a name.</summary>
    public int Count => _byAddress.Count;

    /// <summary>How many devices the document names.</summary>
    public int DeviceCount => _names.Length;

    /// <summary>Builds the directory from a document's <c>devices</c>; invalid entries (reported by the validator) are left out.</summary>
    public static DeviceDirectory Compile(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Devices is not { Count: > 0 } devices)
        {
            return Empty;
        }

        var names = new string[devices.Count];
        var byAddress = new Dictionary<UInt128, int>();
        var byMac = new Dictionary<ulong, int>();
        var byClientId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < devices.Count; index++)
        {
            var device = devices[index] ?? new DeviceDefinition();
            names[index] = device.Name?.Trim() ?? "";
            foreach (var text in device.Addresses ?? [])
            {
                if (text is not null && IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
                {
                    byAddress.TryAdd(Key(address.GetAddressBytes()), index);
                }
            }

            foreach (var text in device.Macs ?? [])
            {
                if (text is not null && MacAddress.TryParse(text, out var mac) && MacAddress.IsDeviceAddress(mac))
                {
                    byMac.TryAdd(mac, index);
                }
            }

            if (device.ClientId is { } id && ClientIdSyntax.IsValid(id))
            {
                byClientId.TryAdd(id, index);
            }
        }

        return new DeviceDirectory(names, byAddress, byMac, byClientId);
    }

    /// <summary>
    /// The device a client is, trying its client ID, then its MAC (0 = unknown), then its exact address: the index
    /// into the document's <c>devices</c>, or -1 (and <see cref="IdentityKind.None"/>).
    /// </summary>
    public int Find(string? clientId, ulong mac, ReadOnlySpan<byte> address, out IdentityKind matchedBy)
    {
        if (clientId is not null && _byClientId.Count > 0 && _byClientId.TryGetValue(clientId, out var byId))
        {
            matchedBy = IdentityKind.ClientId;
            return byId;
        }

        if (mac != 0 && _byMac.Count > 0 && _byMac.TryGetValue(mac, out var byMac))
        {
            matchedBy = IdentityKind.Mac;
            return byMac;
        }

        if (_byAddress.Count > 0 && address.Length is 4 or 16 && _byAddress.TryGetValue(Key(address), out var byAddress))
        {
            matchedBy = IdentityKind.Address;
            return byAddress;
        }

        matchedBy = IdentityKind.None;
        return -1;
    }

    /// <summary>True when a device has this client ID.</summary>
    public bool HasClientId(string clientId) => _byClientId.ContainsKey(clientId);

    /// <summary>The name of the device at <paramref name="index"/> (a string of the policy: no allocation), or null.</summary>
    public string? NameAt(int index) => (uint)index < (uint)_names.Length ? _names[index] : null;

    /// <summary>The name of the device with this address (4 or 16 bytes), or null.</summary>
    public string? NameFor(ReadOnlySpan<byte> address) =>
        address.Length is 4 or 16 && _byAddress.TryGetValue(Key(address), out var index) ? _names[index] : null;

    /// <summary>The name of the device with this address text, or null (also for text that is not an address).</summary>
    public string? NameFor(string? address)
    {
        if (_byAddress.Count == 0 || string.IsNullOrEmpty(address) || !IPAddress.TryParse(address, out var parsed))
        {
            return null;
        }

        return NameFor(parsed.GetAddressBytes());
    }

    /// <summary>IPv4 and IPv4-mapped IPv6 addresses share a key.</summary>
    private static UInt128 Key(ReadOnlySpan<byte> address)
    {
        if (address.Length == 4)
        {
            return new UInt128(0, 0xFFFF_0000_0000UL | BinaryPrimitives.ReadUInt32BigEndian(address));
        }

        return new UInt128(BinaryPrimitives.ReadUInt64BigEndian(address), BinaryPrimitives.ReadUInt64BigEndian(address[8..]));
    }
}
