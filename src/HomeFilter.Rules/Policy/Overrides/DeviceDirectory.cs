using System.Buffers.Binary;
using System.Net;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Policy.Overrides;

/// <summary>The names people gave their devices, by address, for display (the log, alerts, digests, evidence).</summary>
public sealed class DeviceDirectory
{
    private readonly Dictionary<UInt128, string> _byAddress;

    private DeviceDirectory(Dictionary<UInt128, string> byAddress) => _byAddress = byAddress;

    /// <summary>No named devices.</summary>
    public static DeviceDirectory Empty { get; } = new([]);

    /// <summary>How many addresses have a name.</summary>
    public int Count => _byAddress.Count;

    /// <summary>Builds the directory from a document's <c>devices</c>; invalid addresses (reported by the validator) are left out.</summary>
    public static DeviceDirectory Compile(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Devices is not { Count: > 0 } devices)
        {
            return Empty;
        }

        var byAddress = new Dictionary<UInt128, string>();
        foreach (var device in devices)
        {
            foreach (var text in device?.Addresses ?? [])
            {
                if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
                {
                    byAddress.TryAdd(Key(address.GetAddressBytes()), device!.Name.Trim());
                }
            }
        }

        return new DeviceDirectory(byAddress);
    }

    /// <summary>The name of the device with this address (4 or 16 bytes), or null.</summary>
    public string? NameFor(ReadOnlySpan<byte> address) =>
        address.Length is 4 or 16 && _byAddress.TryGetValue(Key(address), out var name) ? name : null;

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
