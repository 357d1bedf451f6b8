namespace HomeFilter.Resolver.Wire;

/// <summary>Where one resource record sits in a message, read by <see cref="DnsRecord.TryRead"/>.</summary>
internal readonly struct DnsRecord
{
    public DnsRecord(int start, int nameEnd, ushort type, ushort @class, uint ttl, int rdataLength)
    {
        Start = start;
        NameEnd = nameEnd;
        Type = type;
        Class = @class;
        Ttl = ttl;
        RdataLength = rdataLength;
    }

    public int Start { get; }

    /// <summary>Offset just past the owner name (where TYPE starts).</summary>
    public int NameEnd { get; }

    public ushort Type { get; }

    public ushort Class { get; }

    /// <summary>The raw 32-bit TTL field (for OPT: extended rcode, version and flags).</summary>
    public uint Ttl { get; }

    public int RdataLength { get; }

    public int TtlOffset => NameEnd + 4;

    public int RdataStart => NameEnd + DnsWire.RecordFixedSize;

    public int End => RdataStart + RdataLength;

    public int Length => End - Start;

    /// <summary>
    /// Reads the record at <paramref name="offset"/>: the owner name (compression validated), the fixed
    /// fields and the RDATA bounds; for the RFC 1035 types that may carry compressed names in RDATA
    /// (NS, CNAME, SOA, PTR, MX …) those names are validated too, so a later copy can trust every pointer.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, int offset, out DnsRecord record)
    {
        record = default;
        var nameEnd = DnsName.Skip(message, offset);
        if (nameEnd < 0 || message.Length - nameEnd < DnsWire.RecordFixedSize)
        {
            return false;
        }

        var type = DnsWire.ReadUInt16(message, nameEnd);
        var rdataLength = DnsWire.ReadUInt16(message, nameEnd + 8);
        if (message.Length - (nameEnd + DnsWire.RecordFixedSize) < rdataLength)
        {
            return false;
        }

        record = new DnsRecord(offset, nameEnd, type, DnsWire.ReadUInt16(message, nameEnd + 2), DnsWire.ReadUInt32(message, nameEnd + 4), rdataLength);
        return !DnsWire.HasCompressibleNames(type) || RdataNamesValid(message, record);
    }

    /// <summary>
    /// Offsets of the names inside this record (owner first, then RDATA names of the compressible types).
    /// Returns how many were written (at most 3).
    /// </summary>
    public int GetNameOffsets(ReadOnlySpan<byte> message, Span<int> offsets)
    {
        offsets[0] = Start;
        var count = 1;
        switch (Type)
        {
            case DnsWire.TypeMx:
                offsets[count++] = RdataStart + 2;
                break;
            case DnsWire.TypeSoa:
            case DnsWire.TypeMinfo:
                offsets[count++] = RdataStart;
                offsets[count++] = DnsName.Skip(message, RdataStart);
                break;
            default:
                if (DnsWire.HasCompressibleNames(Type))
                {
                    offsets[count++] = RdataStart;
                }

                break;
        }

        return count;
    }

    private static bool RdataNamesValid(ReadOnlySpan<byte> message, in DnsRecord record)
    {
        var end = record.End;
        var position = record.RdataStart;
        switch (record.Type)
        {
            case DnsWire.TypeMx:
                position = record.RdataLength >= 2 ? SkipWithin(message, position + 2, end) : -1;
                return position == end;
            case DnsWire.TypeSoa:
                position = SkipWithin(message, position, end);
                position = position < 0 ? -1 : SkipWithin(message, position, end);
                return position >= 0 && end - position == 20;
            case DnsWire.TypeMinfo:
                position = SkipWithin(message, position, end);
                position = position < 0 ? -1 : SkipWithin(message, position, end);
                return position == end;
            default:
                return SkipWithin(message, position, end) == end;
        }
    }

    private static int SkipWithin(ReadOnlySpan<byte> message, int offset, int end)
    {
        if (offset >= end)
        {
            return -1;
        }

        var next = DnsName.Skip(message, offset);
        return next <= end ? next : -1;
    }
}
