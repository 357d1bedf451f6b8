namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Walks the answer section of a response that <see cref="MessageLayout.TryRead"/> accepted. A ref struct over
/// the message: no allocation, and every record it yields has validated bounds and names.
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
        if (!MessageLayout.TryRead(message, out var layout))
        {
            records = default;
            return false;
        }

        records = new AnswerRecords(message, layout.QuestionEnd, layout.AnswerCount);
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
