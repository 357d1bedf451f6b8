namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Walks the answer section of a response (one question). A ref struct over the message: no allocation, and every
/// record it yields has validated bounds and names; the walk stops at the first malformed record. Only the
/// answer section is read, so looking at the answers costs nothing for the rest of the message.
/// </summary>
internal ref struct AnswerRecords
{
    private readonly ReadOnlySpan<byte> _message;
    private int _position;
    private int _remaining;

    private AnswerRecords(ReadOnlySpan<byte> message, int position, int count)
    {
        _message = message;
        _position = position;
        _remaining = count;
    }

    /// <summary>Starts a walk; false when the message is malformed.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> message, out AnswerRecords records)
    {
        records = default;
        if (message.Length < DnsWire.HeaderSize || DnsWire.ReadUInt16(message, DnsWire.OffsetQdCount) != 1)
        {
            return false;
        }

        var nameEnd = DnsName.Skip(message, DnsWire.HeaderSize);
        if (nameEnd < 0 || nameEnd + 4 > message.Length)
        {
            return false;
        }

        records = new AnswerRecords(message, nameEnd + 4, DnsWire.ReadUInt16(message, DnsWire.OffsetAnCount));
        return true;
    }

    /// <summary>The next answer record; false at the end of the section.</summary>
    public bool MoveNext(out DnsRecord record)
    {
        if (_remaining <= 0 || !DnsRecord.TryRead(_message, _position, out record))
        {
            record = default;
            return false;
        }

        _remaining--;
        _position = record.End;
        return true;
    }
}
