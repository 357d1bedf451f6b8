using System.Buffers.Binary;

namespace HomeFilter.Resolver.Identity;

/// <summary>
/// One read of the kernel's neighbour table: address → MAC. Immutable once built; replaced whole by the next read,
/// so a query reads it without a lock. Lookups allocate nothing.
/// </summary>
public sealed class NeighbourMap
{
    private readonly Dictionary<uint, ulong> _v4;
    private readonly Dictionary<UInt128, ulong> _v6;

    public NeighbourMap(Dictionary<uint, ulong> v4, Dictionary<UInt128, ulong> v6)
    {
        _v4 = v4;
        _v6 = v6;
    }

    public static NeighbourMap Empty { get; } = new([], []);

    public int Count => _v4.Count + _v6.Count;

    /// <summary>The MAC of a neighbour (4 or 16 address bytes; IPv4-mapped IPv6 is read as IPv4), or 0.</summary>
    public ulong Find(ReadOnlySpan<byte> address)
    {
        if (address.Length == 16 && BinaryPrimitives.ReadUInt64BigEndian(address) == 0 && BinaryPrimitives.ReadUInt32BigEndian(address[8..]) == 0xFFFF)
        {
            address = address[12..];
        }

        if (address.Length == 4)
        {
            return _v4.Count > 0 && _v4.TryGetValue(BinaryPrimitives.ReadUInt32BigEndian(address), out var mac) ? mac : 0;
        }

        return address.Length == 16 && _v6.Count > 0 && _v6.TryGetValue(BinaryPrimitives.ReadUInt128BigEndian(address), out var mac6) ? mac6 : 0;
    }
}
