using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HomeFilter.Rules.Policy.Identity;

namespace HomeFilter.Rules.Policy;

/// <summary>
/// Finds a client's group without allocating: by client ID (<c>id:emma-phone</c>), by MAC address
/// (<c>aa:bb:cc:dd:ee:ff</c>), by exact address, then by the longest matching prefix. Built once per policy;
/// read-only afterwards.
/// </summary>
public sealed class ClientGroupMatcher
{
    private readonly Dictionary<uint, int> _exact4 = [];
    private readonly Dictionary<UInt128, int> _exact6 = [];
    private readonly Dictionary<ulong, int> _macs = [];
    private readonly Dictionary<string, int> _clientIds = new(StringComparer.Ordinal);
    private readonly Prefix4[] _prefixes4;
    private readonly Prefix6[] _prefixes6;

    /// <summary>Builds the matcher; <paramref name="clientsByGroup"/>[g] lists group g's addresses, prefixes, MACs and <c>id:</c> client IDs.</summary>
    /// <exception cref="ArgumentException">An entry is not an address, prefix, device MAC or client ID, or the same one is in two groups.</exception>
    public ClientGroupMatcher(IReadOnlyList<IReadOnlyList<string>> clientsByGroup)
    {
        ArgumentNullException.ThrowIfNull(clientsByGroup);
        var prefixes4 = new List<Prefix4>();
        var prefixes6 = new List<Prefix6>();
        for (var group = 0; group < clientsByGroup.Count; group++)
        {
            foreach (var entry in clientsByGroup[group])
            {
                if (AddIdentity(entry, group))
                {
                    continue;
                }

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

    /// <summary>How many MAC addresses the groups list.</summary>
    public int MacCount => _macs.Count;

    /// <summary>How many client IDs the groups list.</summary>
    public int ClientIdCount => _clientIds.Count;

    /// <summary>
    /// The group of a client, trying what it presents strongest first: its client ID, its MAC (0 = unknown), its
    /// exact address, the longest prefix holding its address. -1 (and <see cref="IdentityKind.None"/>) when no group lists any.
    /// </summary>
    public int Match(string? clientId, ulong mac, ReadOnlySpan<byte> address, out IdentityKind matchedBy)
    {
        if (clientId is not null && _clientIds.Count > 0 && _clientIds.TryGetValue(clientId, out var byId))
        {
            matchedBy = IdentityKind.ClientId;
            return byId;
        }

        if (mac != 0 && _macs.Count > 0 && _macs.TryGetValue(mac, out var byMac))
        {
            matchedBy = IdentityKind.Mac;
            return byMac;
        }

        var group = Match(address, out var exact);
        matchedBy = group < 0 ? IdentityKind.None : exact ? IdentityKind.Address : IdentityKind.Prefix;
        return group;
    }

    /// <summary>True when a group lists this client ID.</summary>
    public bool HasClientId(string clientId) => _clientIds.ContainsKey(clientId);

    /// <summary>The group index of a client (4 or 16 address bytes), or -1 when no group lists it.</summary>
    public int Match(ReadOnlySpan<byte> address) => Match(address, out _);

    private int Match(ReadOnlySpan<byte> address, out bool exact)
    {
        exact = true;
        if (address.Length == 4)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(address);
            if (_exact4.TryGetValue(value, out var group))
            {
                return group;
            }

            exact = false;
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

            exact = false;
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

    /// <summary>Takes a MAC or <c>id:</c> entry; false when the entry is neither (so it should be an address or prefix).</summary>
    private bool AddIdentity(string entry, int group)
    {
        if (ClientIdSyntax.TryParseGroupEntry(entry, out var id))
        {
            if (!ClientIdSyntax.IsValid(id))
            {
                throw new ArgumentException($"'{entry}' is not a client ID (id: and one lower-case DNS label)", "clientsByGroup");
            }

            if (!_clientIds.TryAdd(id, group))
            {
                throw new ArgumentException($"client ID {id} is listed twice", "clientsByGroup");
            }

            return true;
        }

        if (entry is null || !MacAddress.TryParse(entry, out var mac))
        {
            return false;
        }

        if (!MacAddress.IsDeviceAddress(mac))
        {
            throw new ArgumentException($"'{entry}' is not the MAC address of one device", "clientsByGroup");
        }

        if (!_macs.TryAdd(mac, group))
        {
            throw new ArgumentException($"MAC {MacAddress.Format(mac)} is listed twice", "clientsByGroup");
        }

        return true;
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
