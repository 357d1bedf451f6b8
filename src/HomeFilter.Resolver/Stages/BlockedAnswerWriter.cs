using System.Buffers.Binary;
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
    private const ushort TypeOpt = 41;
    private const ushort ClassIn = 1;
    private const ushort EdeOption = 15;
    private const ushort EdeBlocked = 15;
    private const ushort AdvertisedUdpSize = 1232;

    /// <summary>Writes the whole message; returns its length, or 0 when it does not fit.</summary>
    public static int Write(ReadOnlySpan<byte> query, in ParsedQuery parsed, ReadOnlySpan<byte> reason, Span<byte> destination)
    {
        var questionLength = parsed.QuestionEnd - 12;
        var answerData = parsed.QType switch
        {
            TypeA when parsed.QClass == ClassIn => 4,
            TypeAaaa when parsed.QClass == ClassIn => 16,
            _ => -1,
        };
        var length = 12 + questionLength + (answerData < 0 ? 0 : 12 + answerData) + (parsed.HasEdns ? 11 + 4 + 2 + reason.Length : 0);
        if (questionLength <= 0 || length > destination.Length)
        {
            return 0;
        }

        var flags = (ushort)(0x8000 | 0x0080 | (parsed.Flags & 0x0100)); // QR, RA, RD copied; NOERROR
        BinaryPrimitives.WriteUInt16BigEndian(destination, parsed.Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)(answerData < 0 ? 0 : 1));
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)(parsed.HasEdns ? 1 : 0));
        query.Slice(12, questionLength).CopyTo(destination[12..]);
        var at = 12 + questionLength;
        if (answerData >= 0)
        {
            destination[at] = 0xC0; // the name is the question's, at offset 12
            destination[at + 1] = 12;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], parsed.QType);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 4)..], ClassIn);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(at + 6)..], Ttl);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 10)..], (ushort)answerData);
            destination.Slice(at + 12, answerData).Clear();
            at += 12 + answerData;
        }

        if (parsed.HasEdns)
        {
            destination[at] = 0; // root owner
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 1)..], TypeOpt);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 3)..], AdvertisedUdpSize);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(at + 5)..], parsed.DnssecOk ? 0x8000u : 0u);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 9)..], (ushort)(4 + 2 + reason.Length));
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 11)..], EdeOption);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 13)..], (ushort)(2 + reason.Length));
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 15)..], EdeBlocked);
            reason.CopyTo(destination[(at + 17)..]);
            at += 17 + reason.Length;
        }

        return at;
    }
}
