namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Where the sections and the OPT record of a response sit, read once with every bound checked.
/// A message that cannot be read this way is not passed on to a client.
/// </summary>
internal struct MessageLayout
{
    public ushort Flags;
    public int QuestionCount;
    public int AnswerCount;
    public int AuthorityCount;
    public int AdditionalCount;

    /// <summary>Offset just past the question section (12 without a question).</summary>
    public int QuestionEnd;

    /// <summary>Offset just past the last declared record; later bytes are ignored.</summary>
    public int End;

    /// <summary>Start of the OPT record, or -1 without one.</summary>
    public int OptStart;
    public int OptEnd;
    public int OptRdataStart;

    /// <summary>The OPT TTL field: extended rcode (8 bits), version (8), flags (16).</summary>
    public uint OptTtl;

    /// <summary>How many records precede the OPT (all records without one).</summary>
    public int RecordsBeforeOpt;

    /// <summary>Bytes of Extended DNS Error options (headers included) inside the OPT.</summary>
    public int ExtendedErrorLength;

    public readonly bool HasOpt => OptStart >= 0;

    public readonly int RecordCount => AnswerCount + AuthorityCount + AdditionalCount;

    /// <summary>The full 12-bit rcode: header bits plus the OPT's upper 8 bits.</summary>
    public readonly int Rcode => (HasOpt ? (int)(OptTtl >> 24) << 4 : 0) | (Flags & DnsWire.MaskRcode);

    public static bool TryRead(ReadOnlySpan<byte> message, out MessageLayout layout)
    {
        layout = default;
        layout.OptStart = -1;
        if (message.Length < DnsWire.HeaderSize)
        {
            return false;
        }

        layout.Flags = DnsWire.ReadUInt16(message, DnsWire.OffsetFlags);
        layout.QuestionCount = DnsWire.ReadUInt16(message, DnsWire.OffsetQdCount);
        layout.AnswerCount = DnsWire.ReadUInt16(message, DnsWire.OffsetAnCount);
        layout.AuthorityCount = DnsWire.ReadUInt16(message, DnsWire.OffsetNsCount);
        layout.AdditionalCount = DnsWire.ReadUInt16(message, DnsWire.OffsetArCount);
        if (layout.QuestionCount > 1)
        {
            return false;
        }

        var position = DnsWire.HeaderSize;
        if (layout.QuestionCount == 1)
        {
            // Nothing precedes the question that a pointer could legally reach, so it is never compressed.
            var nameLength = DnsName.MeasureUncompressed(message, position);
            if (nameLength < 0 || message.Length - (position + nameLength) < 4)
            {
                return false;
            }

            position += nameLength + 4;
        }

        layout.QuestionEnd = position;
        var total = layout.RecordCount;
        var firstAdditional = layout.AnswerCount + layout.AuthorityCount;
        layout.RecordsBeforeOpt = total;
        for (var i = 0; i < total; i++)
        {
            if (!DnsRecord.TryRead(message, position, out var record))
            {
                return false;
            }

            if (record.Type == DnsWire.TypeOpt)
            {
                // RFC 6891 §6.1.1: one OPT, in the additional section, owned by the root.
                if (i < firstAdditional || layout.HasOpt || record.NameEnd != record.Start + 1)
                {
                    return false;
                }

                var length = ExtendedErrorOptions.Measure(message.Slice(record.RdataStart, record.RdataLength));
                if (length < 0)
                {
                    return false;
                }

                layout.OptStart = record.Start;
                layout.OptEnd = record.End;
                layout.OptRdataStart = record.RdataStart;
                layout.OptTtl = record.Ttl;
                layout.RecordsBeforeOpt = i;
                layout.ExtendedErrorLength = length;
            }

            position = record.End;
        }

        layout.End = position;
        return true;
    }
}
