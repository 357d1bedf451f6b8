namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Bounds-checked walks over wire-format names. Every walk terminates on any input: label types other
/// than "length" and "pointer" are rejected, a pointer must jump strictly backwards past the start of the
/// piece of name it belongs to (so loops and forward references are impossible), the piece it jumps to must end
/// before the pointer (a label read after a jump never runs on into later bytes: records, an OPT that is removed,
/// or trailing bytes that are not copied; real compressors only point at names written earlier), and the decoded
/// name may not exceed 255 bytes.
/// </summary>
internal static class DnsName
{
    private const byte PointerMask = 0xC0;

    /// <summary>
    /// Reads an uncompressed name (a question name) at <paramref name="offset"/> and writes it lower-cased
    /// into <paramref name="destination"/>. Returns the wire length (root = 1), or -1 when the name is
    /// truncated, too long, holds a label longer than 63, a compression pointer or a reserved label type.
    /// </summary>
    public static int ReadUncompressedLower(ReadOnlySpan<byte> message, int offset, Span<byte> destination)
    {
        var position = offset;
        while (true)
        {
            if ((uint)position >= (uint)message.Length)
            {
                return -1;
            }

            var length = message[position];
            if (length == 0)
            {
                var total = position + 1 - offset;
                if (total > DnsWire.MaxNameLength)
                {
                    return -1;
                }

                destination[total - 1] = 0;
                return total;
            }

            if (length > DnsWire.MaxLabelLength)
            {
                // A pointer (0xC0), or the extended (0x40) and reserved (0x80) label types.
                return -1;
            }

            var next = position + 1 + length;
            if (next - offset >= DnsWire.MaxNameLength || next >= message.Length)
            {
                return -1;
            }

            var written = position - offset;
            destination[written] = length;
            var label = message.Slice(position + 1, length);
            var target = destination.Slice(written + 1, length);
            for (var i = 0; i < label.Length; i++)
            {
                target[i] = DnsWire.ToLower(label[i]);
            }

            position = next;
        }
    }

    /// <summary>
    /// Measures an uncompressed name without copying it. Returns its wire length or -1 (same rules as
    /// <see cref="ReadUncompressedLower"/>).
    /// </summary>
    public static int MeasureUncompressed(ReadOnlySpan<byte> message, int offset)
    {
        var position = offset;
        while ((uint)position < (uint)message.Length)
        {
            var length = message[position];
            if (length == 0)
            {
                var total = position + 1 - offset;
                return total <= DnsWire.MaxNameLength ? total : -1;
            }

            if (length > DnsWire.MaxLabelLength)
            {
                return -1;
            }

            position += 1 + length;
            if (position - offset >= DnsWire.MaxNameLength)
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>
    /// Steps over a possibly compressed name at <paramref name="offset"/>, validating the whole chain.
    /// Returns the offset just past the name's bytes at that place (after the first pointer, or after the
    /// root label), or -1 when the name is malformed.
    /// </summary>
    public static int Skip(ReadOnlySpan<byte> message, int offset) => Skip(message, offset, out _);

    /// <summary>
    /// Like <see cref="Skip(ReadOnlySpan{byte}, int)"/>, and reports where the name's first pointer sits
    /// (-1 when the name is not compressed), which is the only pointer that belongs to this copy of the name.
    /// </summary>
    public static int Skip(ReadOnlySpan<byte> message, int offset, out int firstPointer)
    {
        firstPointer = -1;
        var position = offset;
        var segmentStart = offset;
        var limit = message.Length; // where the current piece must end: the message, then the pointer that jumped to it
        var end = -1;
        var decoded = 1;
        while ((uint)position < (uint)limit)
        {
            var length = message[position];
            if (length == 0)
            {
                return end < 0 ? position + 1 : end;
            }

            if ((length & PointerMask) == PointerMask)
            {
                if (position + 1 >= limit)
                {
                    return -1;
                }

                var target = ((length & ~PointerMask) << 8) | message[position + 1];
                if (target >= segmentStart || target < DnsWire.HeaderSize)
                {
                    return -1;
                }

                if (end < 0)
                {
                    end = position + 2;
                    firstPointer = position;
                }

                limit = position;
                position = segmentStart = target;
                continue;
            }

            if (length > DnsWire.MaxLabelLength)
            {
                return -1;
            }

            decoded += 1 + length;
            if (decoded > DnsWire.MaxNameLength)
            {
                return -1;
            }

            position += 1 + length;
        }

        return -1;
    }

    /// <summary>
    /// Compares the (uncompressed) name at <paramref name="offset"/> with <paramref name="name"/>, ignoring
    /// ASCII case. Both must be valid, uncompressed wire names of the same length for a match.
    /// </summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> message, int offset, ReadOnlySpan<byte> name)
    {
        if ((uint)offset > (uint)message.Length || message.Length - offset < name.Length)
        {
            return false;
        }

        var candidate = message.Slice(offset, name.Length);
        if (candidate.SequenceEqual(name))
        {
            return true;
        }

        for (var i = 0; i < candidate.Length; i++)
        {
            if (DnsWire.ToLower(candidate[i]) != DnsWire.ToLower(name[i]))
            {
                return false;
            }
        }

        return true;
    }
}
