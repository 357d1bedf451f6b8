using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace HomeFilter.Resolver.Wire;

/// <summary>Offsets, flag masks and type numbers of the DNS wire format (RFC 1035 §4.1, RFC 6891).</summary>
internal static class DnsWire
{
    public const int HeaderSize = 12;
    public const int MaxNameLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>Fixed part of a resource record after its owner name: type, class, TTL, RDLENGTH.</summary>
    public const int RecordFixedSize = 10;

    /// <summary>An OPT record with no options: root owner, type, class, TTL, RDLENGTH.</summary>
    public const int EmptyOptSize = 11;

    /// <summary>The UDP payload size we advertise (DNS flag day 2020).</summary>
    public const ushort AdvertisedUdpSize = 1232;

    public const int MinimumUdpSize = 512;

    public const ushort FlagQr = 0x8000;
    public const ushort MaskOpcode = 0x7800;
    public const ushort FlagAa = 0x0400;
    public const ushort FlagTc = 0x0200;
    public const ushort FlagRd = 0x0100;
    public const ushort FlagRa = 0x0080;
    public const ushort FlagZ = 0x0040;
    public const ushort FlagAd = 0x0020;
    public const ushort FlagCd = 0x0010;
    public const ushort MaskRcode = 0x000F;

    /// <summary>DO bit inside the low 16 bits of the OPT TTL field.</summary>
    public const uint EdnsFlagDo = 0x8000;

    public const ushort TypeNs = 2;
    public const ushort TypeMd = 3;
    public const ushort TypeMf = 4;
    public const ushort TypeCname = 5;
    public const ushort TypeSoa = 6;
    public const ushort TypeMb = 7;
    public const ushort TypeMg = 8;
    public const ushort TypeMr = 9;
    public const ushort TypePtr = 12;
    public const ushort TypeMinfo = 14;
    public const ushort TypeMx = 15;
    public const ushort TypeOpt = 41;
    public const ushort TypeAny = 255;

    /// <summary>Extended DNS Error (RFC 8914): the only EDNS option we pass on to clients.</summary>
    public const ushort OptionExtendedError = 15;

    /// <summary>EDNS Client Subnet (RFC 7871).</summary>
    public const ushort OptionClientSubnet = 8;

    /// <summary>The client's MAC address as six raw bytes (dnsmasq <c>--add-mac</c>; a private-use code).</summary>
    public const ushort OptionMac = 65001;

    /// <summary>The client's MAC address as text, base64 or hex (dnsmasq <c>--add-mac=base64</c>/<c>=text</c>, Nominum CPE ID).</summary>
    public const ushort OptionCpeId = 65073;

    public const int OffsetId = 0;
    public const int OffsetFlags = 2;
    public const int OffsetQdCount = 4;
    public const int OffsetAnCount = 6;
    public const int OffsetNsCount = 8;
    public const int OffsetArCount = 10;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16(ReadOnlySpan<byte> source, int offset) => BinaryPrimitives.ReadUInt16BigEndian(source.Slice(offset, 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(ReadOnlySpan<byte> source, int offset) => BinaryPrimitives.ReadUInt32BigEndian(source.Slice(offset, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt16(Span<byte> destination, int offset, int value) =>
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset, 2), (ushort)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32(Span<byte> destination, int offset, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset, 4), value);

    /// <summary>ASCII lower case of one byte; label length bytes (0–63) are never in 'A'–'Z', so whole wire names can be folded byte by byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte ToLower(byte value) => (uint)(value - 'A') <= 'Z' - 'A' ? (byte)(value | 0x20) : value;

    /// <summary>TTLs with the top bit set are treated as 0 (RFC 2181 §8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NormalizeTtl(uint ttl) => ttl > int.MaxValue ? 0 : ttl;

    /// <summary>The RFC 1035 types whose RDATA may hold compressed names (RFC 3597 §4): the only ones we look into.</summary>
    public static bool HasCompressibleNames(ushort type) => type switch
    {
        TypeNs or TypeMd or TypeMf or TypeCname or TypeSoa or TypeMb or TypeMg or TypeMr or TypePtr or TypeMinfo or TypeMx => true,
        _ => false,
    };
}
