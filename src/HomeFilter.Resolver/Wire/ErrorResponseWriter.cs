namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Builds the short answers the server gives without asking anyone: FORMERR, NOTIMP, BADVERS, and the
/// SERVFAIL/REFUSED the transport writes when no stage answered.
/// </summary>
public static class ErrorResponseWriter
{
    /// <summary>Largest message <see cref="Write(ReadOnlySpan{byte}, in ParsedQuery, bool, int, Span{byte})"/> produces.</summary>
    public const int MaxLength = DnsWire.HeaderSize + DnsWire.MaxNameLength + 4 + DnsWire.EmptyOptSize;

    /// <summary>
    /// Writes a response to <paramref name="query"/>: the client's ID, QR=1, the client's opcode, RD and
    /// CD copied, RA=1, the question echoed byte for byte when <paramref name="questionValid"/> (and it was
    /// read), and <paramref name="rcode"/>. When the query had EDNS an OPT is added (UDP 1232, version 0,
    /// DO copied, no options) carrying the upper bits of an rcode above 15; without EDNS such an rcode
    /// cannot be expressed and SERVFAIL is sent. Returns the message length.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> query, in ParsedQuery parsed, bool questionValid, int rcode, Span<byte> destination)
    {
        var echo = questionValid && parsed.HasQuestion && parsed.QuestionEnd <= query.Length;
        var question = echo ? query[DnsWire.HeaderSize..parsed.QuestionEnd] : [];
        return WriteCore(parsed, question, rcode, -1, [], destination);
    }

    /// <summary>
    /// The answer for a <see cref="QueryReader.TryRead"/> status: FORMERR (question echoed when it was
    /// read), NOTIMP (the header alone), or BADVERS; 0 (send nothing) for <see cref="QueryReadStatus.Drop"/>.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> query, in ParsedQuery parsed, QueryReadStatus status, Span<byte> destination)
    {
        switch (status)
        {
            case QueryReadStatus.Drop:
                return 0;
            case QueryReadStatus.FormatError:
                return Write(query, parsed, questionValid: true, DnsResponseCode.FormatError, destination);
            case QueryReadStatus.NotImplemented:
                return WriteNotImplemented(parsed, destination);
            case QueryReadStatus.BadVersion:
                return Write(query, parsed, questionValid: true, DnsResponseCode.BadVersion, destination);
            default:
                WireThrowHelper.StatusHasNoErrorAnswer(nameof(status));
                return 0;
        }
    }

    /// <summary>Same as the first overload, with the question given as name, type and class (name bytes written as given).</summary>
    internal static int WriteForName(in ParsedQuery parsed, ReadOnlySpan<byte> name, int rcode, Span<byte> destination)
        => WriteForName(parsed, name, rcode, -1, [], destination);

    /// <summary>
    /// Same, with an Extended DNS Error (RFC 8914) of <paramref name="edeCode"/> and <paramref name="edeText"/> in the
    /// OPT when the client speaks EDNS (none when <paramref name="edeCode"/> is negative).
    /// </summary>
    internal static int WriteForName(in ParsedQuery parsed, ReadOnlySpan<byte> name, int rcode, int edeCode, ReadOnlySpan<byte> edeText, Span<byte> destination)
    {
        if (!parsed.HasQuestion || name.IsEmpty)
        {
            return WriteCore(parsed, [], rcode, edeCode, edeText, destination);
        }

        Span<byte> question = stackalloc byte[DnsWire.MaxNameLength + 4];
        name.CopyTo(question);
        DnsWire.WriteUInt16(question, name.Length, parsed.QType);
        DnsWire.WriteUInt16(question, name.Length + 2, parsed.QClass);
        return WriteCore(parsed, question[..(name.Length + 4)], rcode, edeCode, edeText, destination);
    }

    /// <summary>
    /// NOTIMP for an opcode we do not serve: the header alone (the sections of an unknown opcode may mean
    /// anything, so nothing is echoed), opcode and RD copied, every other flag clear, no OPT.
    /// </summary>
    private static int WriteNotImplemented(in ParsedQuery parsed, Span<byte> destination)
    {
        if (destination.Length < DnsWire.HeaderSize)
        {
            WireThrowHelper.DestinationTooSmall(nameof(destination));
        }

        var flags = DnsWire.FlagQr | (parsed.Flags & (DnsWire.MaskOpcode | DnsWire.FlagRd)) | DnsResponseCode.NotImplemented;
        DnsWire.WriteUInt16(destination, DnsWire.OffsetId, parsed.Id);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetFlags, flags);
        destination[4..DnsWire.HeaderSize].Clear();
        return DnsWire.HeaderSize;
    }

    private static int WriteCore(in ParsedQuery parsed, ReadOnlySpan<byte> question, int rcode, int edeCode, ReadOnlySpan<byte> edeText, Span<byte> destination)
    {
        var edns = parsed.HasEdns;
        if (!edns && rcode > DnsWire.MaskRcode)
        {
            rcode = DnsResponseCode.ServerFailure;
        }

        // Our own texts are short; the bound keeps the stack buffer below small whatever a caller passes.
        edeText = edeText[..Math.Min(edeText.Length, 255)];
        var optionLength = edns && edeCode >= 0 ? ExtendedErrorOptions.HeaderSize + edeText.Length : 0;
        var length = DnsWire.HeaderSize + question.Length + (edns ? DnsWire.EmptyOptSize + optionLength : 0);
        if (destination.Length < length)
        {
            WireThrowHelper.DestinationTooSmall(nameof(destination));
        }

        var flags = DnsWire.FlagQr | DnsWire.FlagRa
            | (parsed.Flags & (DnsWire.MaskOpcode | DnsWire.FlagRd | DnsWire.FlagCd))
            | (rcode & DnsWire.MaskRcode);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetId, parsed.Id);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetFlags, flags);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetQdCount, question.IsEmpty ? 0 : 1);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetAnCount, 0);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetNsCount, 0);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetArCount, edns ? 1 : 0);
        question.CopyTo(destination[DnsWire.HeaderSize..]);
        if (edns)
        {
            Span<byte> option = stackalloc byte[optionLength];
            if (optionLength > 0)
            {
                ExtendedErrorOptions.Write(option, edeCode, edeText);
            }

            OptRecordWriter.Write(destination[(DnsWire.HeaderSize + question.Length)..], rcode >> 4, parsed.DnssecOk, option);
        }

        return length;
    }
}
