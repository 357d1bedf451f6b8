namespace HomeFilter.Resolver.Wire;

/// <summary>What the server needs of a client's query, read once from the wire by <c>QueryReader</c>.</summary>
public struct ParsedQuery
{
    public ushort Id;
    /// <summary>The raw second header word (QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode).</summary>
    public ushort Flags;
    public ushort QType;
    public ushort QClass;
    /// <summary>Length of the lower-cased, uncompressed wire-format question name (root = 1).</summary>
    public int NameLength;
    /// <summary>Offset just past the question section in the query bytes.</summary>
    public int QuestionEnd;
    /// <summary>The query carried an OPT record.</summary>
    public bool HasEdns;
    public byte EdnsVersion;
    /// <summary>Requestor's UDP payload size from OPT (values under 512 are treated as 512).</summary>
    public ushort EdnsUdpSize;
    /// <summary>DNSSEC OK bit from the OPT TTL field.</summary>
    public bool DnssecOk;

    /// <summary>
    /// The MAC address an EDNS0 option claims for the client (65001 raw, or 65073 as dnsmasq's base64/text), 48 bits in
    /// the low bits; 0 when there is none or it is not a device's address. A claim only: trust is decided elsewhere.
    /// </summary>
    public ulong MacOption;

    /// <summary>Offset in the query of the EDNS Client Subnet address bytes; 0 when the query has no well-formed ECS option.</summary>
    public int SubnetAddressOffset;

    /// <summary>The ECS address family (1 IPv4, 2 IPv6) when <see cref="SubnetAddressOffset"/> is set.</summary>
    public byte SubnetFamily;

    /// <summary>The ECS source prefix length when <see cref="SubnetAddressOffset"/> is set.</summary>
    public byte SubnetSourcePrefix;

    /// <summary>The query carried a MAC or client subnet option (counted when it is not believed).</summary>
    public readonly bool HasIdentityOptions => MacOption != 0 || SubnetAddressOffset != 0;

    public readonly int Opcode => (Flags >> 11) & 0xF;
    public readonly bool RecursionDesired => (Flags & 0x0100) != 0;
    public readonly bool CheckingDisabled => (Flags & 0x0010) != 0;

    /// <summary>The question was read completely (so an error answer may echo it).</summary>
    public readonly bool HasQuestion => QuestionEnd > 0;

    /// <summary>
    /// The question name exactly as the client wrote it (original letter case, RFC 1035 uncompressed form),
    /// for echoing it with case intact (the "0x20" trick some resolvers use against spoofing).
    /// </summary>
    /// <summary>
    /// Writes the single host address an ECS option names (the full 32 or 128 bits: a shorter prefix names a network,
    /// not a client) into <paramref name="destination"/> (16 bytes) and returns its length (4 or 16), or 0.
    /// </summary>
    public readonly int SubnetHostAddress(ReadOnlySpan<byte> packet, Span<byte> destination)
    {
        if (SubnetAddressOffset == 0)
        {
            return 0;
        }

        var length = SubnetFamily == 1 ? 4 : 16;
        if (SubnetSourcePrefix != length * 8 || packet.Length < SubnetAddressOffset + length)
        {
            return 0;
        }

        packet.Slice(SubnetAddressOffset, length).CopyTo(destination);
        return length;
    }

    public readonly ReadOnlySpan<byte> OriginalName(ReadOnlySpan<byte> packet) =>
        HasQuestion ? packet.Slice(12, NameLength) : [];
}
