using System.Buffers.Binary;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// Builds the query we send upstream: our own, not the client's bytes, so nothing the client put in its query
/// (odd flags, options, a second question) travels further. RD=1, CD copied from the client, one question,
/// and always an OPT record (UDP size 1232, version 0, DO copied) so big and DNSSEC answers can come back.
/// </summary>
internal static class UpstreamQueryWriter
{
    /// <summary>The EDNS buffer size we advertise: 1232 bytes fits any path MTU without fragmentation (DNS flag day 2020).</summary>
    public const ushort UdpPayloadSize = 1232;

    public const int HeaderLength = 12;
    private const int OptLength = 11;
    private const ushort FlagRecursionDesired = 0x0100;
    private const ushort FlagCheckingDisabled = 0x0010;
    private const ushort TypeOpt = 41;
    private const uint DnssecOkBit = 0x8000;

    /// <summary>Header, the longest name (255), type and class, OPT.</summary>
    public const int MaxLength = HeaderLength + 255 + 4 + OptLength;

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
        var flags = checkingDisabled ? (ushort)(FlagRecursionDesired | FlagCheckingDisabled) : FlagRecursionDesired;
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1); // QDCOUNT
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], 0); // ANCOUNT, NSCOUNT
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 1); // ARCOUNT: the OPT record

        var offset = HeaderLength;
        name.CopyTo(destination[offset..]);
        offset += name.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], @class);
        offset += 4;
        questionEnd = offset;

        destination[offset] = 0; // OPT owner: the root
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 1)..], TypeOpt);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 3)..], UdpPayloadSize);
        // TTL field: extended rcode 0, version 0, then the flags with DO as the top bit.
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 5)..], dnssecOk ? DnssecOkBit : 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 9)..], 0); // RDLENGTH: no options
        return offset + OptLength;
    }
}
