using System.Buffers.Binary;

namespace HomeFilter.Resolver.RateLimit;

/// <summary>
/// A client's bucket keys as one <see cref="ulong"/> each, never 0 (0 marks a free slot). IPv6 keys are the /64 or
/// /56 prefix itself; IPv4 keys sit under <c>ffff:ffff::/32</c>, which is multicast in IPv6 and so never a source.
/// Any other multicast "source" (only ever spoofed garbage) shares one key.
/// </summary>
public static class PrefixKey
{
    private const ulong IPv4Tag = 0xFFFF_FFFF_0000_0000UL;
    private const ulong MulticastKey = 0xFF00_0000_0000_0000UL;
    private const ulong ZeroPrefixKey = 0xFF00_0000_0000_0001UL;

    /// <summary>IPv4 /32 or IPv6 /64.</summary>
    public static ulong Address(ReadOnlySpan<byte> address) => address.Length switch
    {
        4 => IPv4Tag | BinaryPrimitives.ReadUInt32BigEndian(address),
        16 => Guard(BinaryPrimitives.ReadUInt64BigEndian(address)),
        _ => ZeroPrefixKey,
    };

    /// <summary>IPv4 /24 or IPv6 /56.</summary>
    public static ulong Network(ReadOnlySpan<byte> address) => address.Length switch
    {
        4 => IPv4Tag | (BinaryPrimitives.ReadUInt32BigEndian(address) >> 8),
        16 => Guard(BinaryPrimitives.ReadUInt64BigEndian(address) & 0xFFFF_FFFF_FFFF_FF00UL),
        _ => ZeroPrefixKey,
    };

    /// <summary>The key as people read it: <c>192.0.2.7</c>, or <c>2001:db8:1:2::/64</c> for an IPv6 address key.</summary>
    public static string FormatAddress(ulong key)
    {
        if ((key & IPv4Tag) == IPv4Tag)
        {
            var v4 = (uint)key;
            return $"{v4 >> 24}.{(v4 >> 16) & 0xFF}.{(v4 >> 8) & 0xFF}.{v4 & 0xFF}";
        }

        if (key == ZeroPrefixKey)
        {
            return "::/64";
        }

        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(bytes, key);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    private static ulong Guard(ulong prefix) => prefix == 0 ? ZeroPrefixKey : (prefix >> 56) == 0xFF ? MulticastKey : prefix;
}
