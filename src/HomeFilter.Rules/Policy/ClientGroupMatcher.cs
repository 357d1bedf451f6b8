using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Rules.Policy;

/// <summary>
/// Finds a client's group from its address bytes without allocating: an exact address first, then the
/// longest matching prefix. Built once per policy; read-only afterwards.
/// </summary>
public sealed class ClientGroupMatcher
{
    private readonly Dictionary<uint, int> _exact4 = [];
    private readonly Dictionary<UInt128, int> _exact6 = [];
    private readonly Prefix4[] _prefixes4;
    private readonly Prefix6[] _prefixes6;

    /// <summary>Builds the matcher; <paramref name="clientsByGroup"/>[g] lists group g's addresses and prefixes.</summary>
    /// <exception cref="ArgumentException">An entry is not an address or prefix, or the same one is in two groups.</exception>
    public ClientGroupMatcher(IReadOnlyList<IReadOnlyList<string>> clientsByGroup)
    {
        ArgumentNullException.ThrowIfNull(clientsByGroup);
        var prefixes4 = new List<Prefix4>();
        var prefixes6 = new List<Prefix6>();
        for (var group = 0; group < clientsByGroup.Count; group++)
        {
            foreach (var entry in clientsByGroup[group])
            {
                if (!TryParse(entry, out var address, out var length))
                {
                    throw new ArgumentException($"'{entry}' is not an IP address or prefix", nameof(clientsByGroup));
                }

                var bytes = address.GetAddressBytes();
                var isV4 = bytes.Length == 4;
                var full = isV4 ? 32 : 128;
                if (length == full)
                {
                    var added = isV4 ? _exact4.TryAdd(BinaryPrimitives.ReadUInt32BigEndian(bytes), group) : _exact6.TryAdd(BinaryPrimitives.ReadUInt128BigEndian(bytes), group);
                    if (!added)
                    {
                        throw new ArgumentException($"client {entry} is listed twice", nameof(clientsByGroup));
                    }
                }
                else if (isV4)
                {
                    var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
                    prefixes4.Add(new Prefix4(BinaryPrimitives.ReadUInt32BigEndian(bytes) & mask, mask, length, group));
                }
                else
                {
                    var mask = length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);
                    prefixes6.Add(new Prefix6(BinaryPrimitives.ReadUInt128BigEndian(bytes) & mask, mask, length, group));
                }
            }
        }

        // Longest prefix first: the first match is the most specific.
        prefixes4.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        prefixes6.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        _prefixes4 = [.. prefixes4];
        _prefixes6 = [.. prefixes6];
    }

    /// <summary>The group index of a client (4 or 16 address bytes), or -1 when no group lists it.</summary>
    public int Match(ReadOnlySpan<byte> address)
    {
        if (address.Length == 4)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(address);
            if (_exact4.TryGetValue(value, out var group))
            {
                return group;
            }

            foreach (var prefix in _prefixes4)
            {
                if ((value & prefix.Mask) == prefix.Network)
                {
                    return prefix.Group;
                }
            }

            return -1;
        }

        if (address.Length == 16)
        {
            var value = BinaryPrimitives.ReadUInt128BigEndian(address);
            if (_exact6.TryGetValue(value, out var group))
            {
                return group;
            }

            foreach (var prefix in _prefixes6)
            {
                if ((value & prefix.Mask) == prefix.Network)
                {
                    return prefix.Group;
                }
            }
        }

        return -1;
    }

    /// <summary>Parses an address (<c>192.168.1.20</c>, <c>fd00::20</c>) or prefix (<c>192.168.1.32/28</c>); IPv4-mapped IPv6 becomes IPv4.</summary>
    public static bool TryParse(string? text, out IPAddress address, out int prefixLength)
    {
        address = IPAddress.None;
        prefixLength = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var parsed) || (parsed.AddressFamily == AddressFamily.InterNetworkV6 && parsed.ScopeId != 0))
        {
            return false;
        }

        if (parsed.IsIPv4MappedToIPv6 && slash < 0)
        {
            parsed = parsed.MapToIPv4();
        }

        var full = parsed.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        prefixLength = full;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefixLength) || prefixLength > full))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    private readonly record struct Prefix4(uint Network, uint Mask, int Length, int Group);

    private readonly record struct Prefix6(UInt128 Network, UInt128 Mask, int Length, int Group);
}
