namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Turns an answer (from an upstream, the cache or a local stage) into the message one particular client
/// gets: its ID, its question with its letter case, our own EDNS instead of the upstream's, its flags,
/// and at most the size it can take.
/// </summary>
/// <remarks>
/// <para>Why compression pointers stay valid: records are copied byte for byte. The client's question has
/// the same length as the message's question (same name, only letter case may differ), so every record
/// before the OPT lands at the offset it had in the message, and every pointer target (always earlier in
/// the message, checked while reading) is unchanged. Records after the upstream's OPT move back by the
/// OPT's length: the one pointer each of their names owns is rewritten accordingly, and a record whose
/// pointer targets the removed OPT is dropped. Truncation only removes a tail of records, and pointers
/// never point forward, so nothing kept refers to anything removed.</para>
/// <para>Truncation follows RFC 2181 §9: records are dropped whole from the end; TC is set when an answer
/// or authority record had to go, not when only additional (optional) records were left out.</para>
/// <para>A message that cannot be read, or whose question is not the client's, becomes SERVFAIL: it is
/// never passed on half-understood.</para>
/// </remarks>
public static class ResponseFinalizer
{
    /// <summary>
    /// Writes the client's response into <paramref name="destination"/> and returns its length.
    /// </summary>
    /// <param name="message">A complete DNS response (ID, AA, TC and EDNS as the source made them).</param>
    /// <param name="query">The client's parsed query.</param>
    /// <param name="queryName">The question name to write: pass <see cref="ParsedQuery.OriginalName"/>
    /// of the client's packet to keep the client's letter case.</param>
    /// <param name="maxSize">The most the client takes: 512 without EDNS, its advertised size (≥ 512) with
    /// EDNS, 65535 on TCP. Values below 512 are raised to 512; the destination's length also bounds it.</param>
    /// <param name="authoritative">Keep AA from the message (local data); otherwise AA is cleared.</param>
    /// <param name="destination">Output buffer; must not overlap <paramref name="message"/>.</param>
    public static int Finalize(ReadOnlySpan<byte> message, in ParsedQuery query, ReadOnlySpan<byte> queryName, int maxSize, bool authoritative, Span<byte> destination)
    {
        if (!MessageLayout.TryRead(message, out var layout) || !QuestionIsClients(message, layout, query, queryName))
        {
            return ErrorResponseWriter.WriteForName(query, queryName, DnsResponseCode.ServerFailure, destination);
        }

        var limit = Math.Min(Math.Max(maxSize, DnsWire.MinimumUdpSize), Math.Min(destination.Length, QueryMessageLimit));
        var edns = query.HasEdns;
        var rcode = layout.Rcode;
        if (!edns && rcode > DnsWire.MaskRcode)
        {
            rcode = DnsResponseCode.ServerFailure;
        }

        var questionLength = query.HasQuestion ? queryName.Length + 4 : 0;
        var fixedLength = DnsWire.HeaderSize + questionLength;
        var extendedErrors = edns ? layout.ExtendedErrorLength : 0;
        if (fixedLength + DnsWire.EmptyOptSize + extendedErrors > limit)
        {
            // An error text must never crowd out the question.
            extendedErrors = 0;
        }

        var optLength = edns ? DnsWire.EmptyOptSize + extendedErrors : 0;
        if (destination.Length < fixedLength + optLength)
        {
            WireThrowHelper.DestinationTooSmall(nameof(destination));
        }

        if (questionLength > 0)
        {
            queryName.CopyTo(destination[DnsWire.HeaderSize..]);
            DnsWire.WriteUInt16(destination, DnsWire.HeaderSize + queryName.Length, query.QType);
            DnsWire.WriteUInt16(destination, DnsWire.HeaderSize + queryName.Length + 2, query.QClass);
        }

        var counts = CopyRecords(message, layout, destination, fixedLength, limit - optLength);
        var position = counts.End;
        if (edns)
        {
            var written = OptRecordWriter.Write(destination[position..], rcode >> 4, query.DnssecOk, []);
            if (extendedErrors > 0)
            {
                var rdata = message[layout.OptRdataStart..layout.OptEnd];
                ExtendedErrorOptions.Copy(rdata, destination[(position + written)..]);
                DnsWire.WriteUInt16(destination, position + written - 2, extendedErrors);
            }

            position += written + extendedErrors;
        }

        var flags = DnsWire.FlagQr | DnsWire.FlagRa
            | (query.Flags & (DnsWire.FlagRd | DnsWire.FlagCd))
            | (layout.Flags & DnsWire.FlagAd)
            | (authoritative ? layout.Flags & DnsWire.FlagAa : 0)
            | ((layout.Flags & DnsWire.FlagTc) != 0 || counts.Truncated ? DnsWire.FlagTc : 0)
            | (rcode & DnsWire.MaskRcode);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetId, query.Id);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetFlags, flags);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetQdCount, questionLength > 0 ? 1 : 0);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetAnCount, counts.Answer);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetNsCount, counts.Authority);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetArCount, counts.Additional + (edns ? 1 : 0));
        return position;
    }

    private const int QueryMessageLimit = 65535;

    /// <summary>
    /// The message must answer the client's question (or carry no question and no records, as some error
    /// answers do), so that records keep their offsets.
    /// </summary>
    private static bool QuestionIsClients(ReadOnlySpan<byte> message, in MessageLayout layout, in ParsedQuery query, ReadOnlySpan<byte> queryName)
    {
        var recordsBesideOpt = layout.RecordCount - (layout.HasOpt ? 1 : 0);
        if (!query.HasQuestion)
        {
            return layout.QuestionCount == 0;
        }

        if (queryName.Length != query.NameLength || queryName.IsEmpty)
        {
            return false;
        }

        if (layout.QuestionCount == 0)
        {
            return recordsBesideOpt == 0;
        }

        var typeOffset = DnsWire.HeaderSize + queryName.Length;
        return layout.QuestionEnd == typeOffset + 4
            && DnsName.EqualsIgnoreCase(message, DnsWire.HeaderSize, queryName)
            && DnsWire.ReadUInt16(message, typeOffset) == query.QType
            && DnsWire.ReadUInt16(message, typeOffset + 2) == query.QClass;
    }

    private static RecordCounts CopyRecords(ReadOnlySpan<byte> message, in MessageLayout layout, Span<byte> destination, int position, int budget)
    {
        var counts = default(RecordCounts);
        var source = layout.QuestionEnd;
        var index = 0;
        var beforeOptEnd = layout.HasOpt ? layout.OptStart : layout.End;

        // Common case: everything up to the OPT fits and goes in one copy.
        if (budget - position >= beforeOptEnd - source)
        {
            message[source..beforeOptEnd].CopyTo(destination[position..]);
            position += beforeOptEnd - source;
            index = layout.RecordsBeforeOpt;
            counts.Answer = Math.Min(index, layout.AnswerCount);
            counts.Authority = Math.Min(index - counts.Answer, layout.AuthorityCount);
            counts.Additional = index - counts.Answer - counts.Authority;
            source = beforeOptEnd;
        }

        var total = layout.RecordCount;
        var authorityStart = layout.AnswerCount;
        var additionalStart = layout.AnswerCount + layout.AuthorityCount;
        for (; index < total; index++)
        {
            DnsRecord.TryRead(message, source, out var record);
            source = record.End;
            if (record.Start == layout.OptStart)
            {
                continue;
            }

            if (budget - position < record.Length)
            {
                counts.Truncated = index < additionalStart;
                break;
            }

            message.Slice(record.Start, record.Length).CopyTo(destination[position..]);
            if (layout.HasOpt && record.Start > layout.OptStart && !MovePointers(message, record, destination.Slice(position, record.Length), layout))
            {
                // Later records might point into this one: stop here (additional data only, so no TC).
                break;
            }

            position += record.Length;
            if (index < authorityStart)
            {
                counts.Answer++;
            }
            else if (index < additionalStart)
            {
                counts.Authority++;
            }
            else
            {
                counts.Additional++;
            }
        }

        counts.End = position;
        return counts;
    }

    /// <summary>
    /// Rewrites the pointers this record owns (one per name at most) for its new place, OPT-length
    /// earlier than in the message. False when a pointer targets the removed OPT.
    /// </summary>
    private static bool MovePointers(ReadOnlySpan<byte> message, in DnsRecord record, Span<byte> copy, in MessageLayout layout)
    {
        Span<int> names = stackalloc int[3];
        var count = record.GetNameOffsets(message, names);
        var optLength = layout.OptEnd - layout.OptStart;
        for (var i = 0; i < count; i++)
        {
            DnsName.Skip(message, names[i], out var pointer);
            if (pointer < 0)
            {
                continue;
            }

            var target = DnsWire.ReadUInt16(message, pointer) & 0x3FFF;
            if (!ChainAvoids(message, target, layout.OptStart, layout.OptEnd))
            {
                return false;
            }

            if (target < layout.OptStart)
            {
                continue;
            }

            DnsWire.WriteUInt16(copy, pointer - record.Start, 0xC000 | (target - optLength));
        }

        return true;
    }

    /// <summary>
    /// False when the name at <paramref name="position"/>, pointers followed, has a byte inside the removed OPT: a
    /// pointer before the OPT may reach a name whose labels run on into the OPT's bytes (its root owner, say), which
    /// would read whatever follows once the OPT is gone. Found by fuzzing.
    /// </summary>
    private static bool ChainAvoids(ReadOnlySpan<byte> message, int position, int optStart, int optEnd)
    {
        // The names were validated while the layout was read: pointers jump strictly backwards, so this ends.
        while ((uint)position < (uint)message.Length)
        {
            var length = message[position];
            var size = (length & 0xC0) == 0xC0 ? 2 : 1 + length;
            if (position < optEnd && position + size > optStart)
            {
                return false;
            }

            if (length == 0)
            {
                return true;
            }

            if (size == 2)
            {
                position = ((length & 0x3F) << 8) | message[position + 1];
                continue;
            }

            position += size;
        }

        return false;
    }

    private struct RecordCounts
    {
        public int Answer;
        public int Authority;
        public int Additional;
        public bool Truncated;
        public int End;
    }
}
