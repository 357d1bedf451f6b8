using System.Buffers.Binary;
using System.Net;

namespace HomeFilter.Resolver.Transport;

/// <summary>
/// Who a TCP connection counts against: an IPv4 address (IPv4-mapped IPv6 included), or an IPv6 /64, because one
/// IPv6 host picks addresses from its whole /64 at will and would otherwise get a new quota per address.
/// </summary>
internal readonly record struct TcpClientKey(ulong High, ulong Low)
{
    private const ulong V4Marker = 0xFFFF_FFFF_0000_0000;

    public static TcpClientKey From(IPAddress? address)
    {
        if (address is null)
        {
            return default;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return default;
        }

        return written == 4
            ? new TcpClientKey(V4Marker, BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : new TcpClientKey(BinaryPrimitives.ReadUInt64BigEndian(bytes), 0);
    }
}
