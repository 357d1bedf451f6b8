using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Writes the answer for a blocked name: 0.0.0.0 for A, :: for AAAA, NODATA for other types, with a short TTL,
/// and, when the client speaks EDNS, an Extended DNS Error 15 "Blocked" (RFC 8914) whose text names the category,
/// so <c>dig</c> shows why.
/// </summary>
internal static class BlockedAnswerWriter
{
    public const uint Ttl = 10;
    private const ushort TypeA = 1;
    private const ushort TypeAaaa = 28;
    private const ushort ClassIn = 1;
    private const ushort InfoCodeBlocked = 15;
    private const int EdeHeaderSize = 6; // option code, option length, info code

    /// <summary>Writes the whole message; returns its length, or 0 when it does not fit.</summary>
    public static int Write(ReadOnlySpan<byte> query, in ParsedQuery parsed, ReadOnlySpan<byte> reason, Span<byte> destination)
    {
        var questionLength = parsed.QuestionEnd - DnsWire.HeaderSize;
        var answerData = parsed.QType switch
        {
            TypeA when parsed.QClass == ClassIn => 4,
            TypeAaaa when parsed.QClass == ClassIn => 16,
            _ => -1,
        };
        var optLength = parsed.HasEdns ? DnsWire.EmptyOptSize + EdeHeaderSize + reason.Length : 0;
        var length = DnsWire.HeaderSize + questionLength + (answerData < 0 ? 0 : 2 + DnsWire.RecordFixedSize + answerData) + optLength;
        if (questionLength <= 0 || length > destination.Length)
        {
            return 0;
        }

        DnsWire.WriteUInt16(destination, DnsWire.OffsetId, parsed.Id);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetFlags, DnsWire.FlagQr | DnsWire.FlagRa | (parsed.Flags & DnsWire.FlagRd));
        DnsWire.WriteUInt16(destination, DnsWire.OffsetQdCount, 1);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetAnCount, answerData < 0 ? 0 : 1);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetNsCount, 0);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetArCount, parsed.HasEdns ? 1 : 0);
        query[DnsWire.HeaderSize..parsed.QuestionEnd].CopyTo(destination[DnsWire.HeaderSize..]);
        var at = parsed.QuestionEnd;
        if (answerData >= 0)
        {
            // The owner is the question's name, by a pointer to offset 12.
            DnsWire.WriteUInt16(destination, at, 0xC000 | DnsWire.HeaderSize);
            DnsWire.WriteUInt16(destination, at + 2, parsed.QType);
            DnsWire.WriteUInt16(destination, at + 4, ClassIn);
            DnsWire.WriteUInt32(destination, at + 6, Ttl);
            DnsWire.WriteUInt16(destination, at + 10, answerData);
            destination.Slice(at + 12, answerData).Clear();
            at += 12 + answerData;
        }

        if (parsed.HasEdns)
        {
            Span<byte> option = stackalloc byte[EdeHeaderSize + reason.Length];
            DnsWire.WriteUInt16(option, 0, DnsWire.OptionExtendedError);
            DnsWire.WriteUInt16(option, 2, 2 + reason.Length);
            DnsWire.WriteUInt16(option, 4, InfoCodeBlocked);
            reason.CopyTo(option[EdeHeaderSize..]);
            at += OptRecordWriter.Write(destination[at..], extendedRcode: 0, parsed.DnssecOk, option);
        }

        return at;
    }
}
