using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// Builds the query we send upstream: our own, not the client's bytes, so nothing the client put in its query
/// (odd flags, options, a second question) travels further. RD=1, CD copied from the client, one question,
/// and always an OPT record (UDP size 1232, version 0, DO copied) so big and DNSSEC answers can come back.
/// </summary>
internal static class UpstreamQueryWriter
{
    /// <summary>The EDNS buffer size we advertise: 1232 bytes fits any path MTU without fragmentation (DNS flag day 2020).</summary>
    public const ushort UdpPayloadSize = DnsWire.AdvertisedUdpSize;

    public const int HeaderLength = DnsWire.HeaderSize;

    /// <summary>Header, the longest name (255), type and class, OPT.</summary>
    public const int MaxLength = HeaderLength + DnsWire.MaxNameLength + 4 + DnsWire.EmptyOptSize;

    /// <summary>
    /// Writes the query into <paramref name="destination"/> and returns its length; <paramref name="questionEnd"/>
    /// is the offset just past the question. <paramref name="name"/> is an uncompressed wire-format name.
    /// </summary>
    public static int Write(
        Span<byte> destination,
        ushort id,
        ReadOnlySpan<byte> name,
        ushort type,
        ushort @class,
        bool checkingDisabled,
        bool dnssecOk,
        out int questionEnd)
    {
        var flags = checkingDisabled ? DnsWire.FlagRd | DnsWire.FlagCd : DnsWire.FlagRd;
        DnsWire.WriteUInt16(destination, DnsWire.OffsetId, id);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetFlags, flags);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetQdCount, 1);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetAnCount, 0);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetNsCount, 0);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetArCount, 1); // the OPT record

        var offset = HeaderLength;
        name.CopyTo(destination[offset..]);
        offset += name.Length;
        DnsWire.WriteUInt16(destination, offset, type);
        DnsWire.WriteUInt16(destination, offset + 2, @class);
        offset += 4;
        questionEnd = offset;
        return offset + OptRecordWriter.Write(destination[offset..], extendedRcode: 0, dnssecOk, []);
    }
}
