namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Reads a response once for what caching needs: rcode, question check, where every TTL sits, the
/// smallest TTL, and the SOA of a negative answer. Malformed input (compression loops, pointers forward
/// or out of range, RDATA past the end, stray OPTs) makes it return false; it never throws or loops.
/// </summary>
public static class ResponseScanner
{
    /// <param name="message">The response.</param>
    /// <param name="name">The asked name in uncompressed wire form (any letter case).</param>
    /// <param name="queryType">The asked type.</param>
    /// <param name="queryClass">The asked class.</param>
    /// <param name="ttlOffsets">Receives the offset of each TTL field outside the OPT, in message order.</param>
    /// <param name="scan">The findings.</param>
    /// <returns>False when the message is malformed.</returns>
    public static bool TryScan(ReadOnlySpan<byte> message, ReadOnlySpan<byte> name, ushort queryType, ushort queryClass, Span<ushort> ttlOffsets, out ResponseScan scan)
    {
        scan = default;

        // TTL offsets are 16-bit: no DNS message is larger than that anyway.
        if (message.Length > ushort.MaxValue || !MessageLayout.TryRead(message, out var layout))
        {
            return false;
        }

        scan.Flags = layout.Flags;
        scan.Rcode = layout.Rcode;
        scan.QuestionCount = layout.QuestionCount;
        scan.AnswerCount = layout.AnswerCount;
        scan.AuthorityCount = layout.AuthorityCount;
        scan.AdditionalCount = layout.AdditionalCount;
        scan.HasOpt = layout.HasOpt;
        scan.MinTtl = uint.MaxValue;
        if (layout.QuestionCount == 1 && !name.IsEmpty)
        {
            var typeOffset = DnsWire.HeaderSize + name.Length;
            scan.QuestionMatches = layout.QuestionEnd == typeOffset + 4
                && DnsName.EqualsIgnoreCase(message, DnsWire.HeaderSize, name)
                && DnsWire.ReadUInt16(message, typeOffset) == queryType
                && DnsWire.ReadUInt16(message, typeOffset + 2) == queryClass;
        }

        var position = layout.QuestionEnd;
        var total = layout.RecordCount;
        var additionalStart = layout.AnswerCount + layout.AuthorityCount;
        for (var i = 0; i < total; i++)
        {
            DnsRecord.TryRead(message, position, out var record);
            position = record.End;
            if (record.Start == layout.OptStart)
            {
                continue;
            }

            if (scan.TtlCount < ttlOffsets.Length)
            {
                ttlOffsets[scan.TtlCount++] = (ushort)record.TtlOffset;
            }
            else
            {
                scan.TtlOffsetsOverflowed = true;
            }

            if (i >= additionalStart)
            {
                continue;
            }

            var ttl = DnsWire.NormalizeTtl(record.Ttl);
            scan.MinTtl = Math.Min(scan.MinTtl, ttl);
            if (i < layout.AnswerCount)
            {
                scan.HasAnswerOfQueryType |= record.Type == queryType || queryType == DnsWire.TypeAny;
            }
            else if (record.Type == DnsWire.TypeSoa && !scan.HasSoa)
            {
                // DnsRecord.TryRead checked that the SOA RDATA ends with exactly 20 bytes; MINIMUM is the last 4.
                scan.HasSoa = true;
                scan.SoaTtl = ttl;
                scan.SoaMinimum = DnsWire.NormalizeTtl(DnsWire.ReadUInt32(message, record.End - 4));
            }
        }

        return true;
    }
}
