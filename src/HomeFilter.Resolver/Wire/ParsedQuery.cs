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

    public readonly int Opcode => (Flags >> 11) & 0xF;
    public readonly bool RecursionDesired => (Flags & 0x0100) != 0;
    public readonly bool CheckingDisabled => (Flags & 0x0010) != 0;

    /// <summary>The question was read completely (so an error answer may echo it).</summary>
    public readonly bool HasQuestion => QuestionEnd > 0;

    /// <summary>
    /// The question name exactly as the client wrote it (original letter case, RFC 1035 uncompressed form),
    /// for echoing it with case intact (the "0x20" trick some resolvers use against spoofing).
    /// </summary>
    public readonly ReadOnlySpan<byte> OriginalName(ReadOnlySpan<byte> packet) =>
        HasQuestion ? packet.Slice(12, NameLength) : [];
}
