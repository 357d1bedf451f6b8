namespace HomeFilter.Resolver.Wire;

/// <summary>Reads a possibly compressed name out of a message into its uncompressed, lower-case wire form.</summary>
internal static class DnsNameExpander
{
    private const byte PointerMask = 0xC0;

    /// <summary>
    /// Writes the name at <paramref name="offset"/> into <paramref name="destination"/> (at least 255 bytes),
    /// following pointers (only backwards, as <see cref="DnsName.Skip(ReadOnlySpan{byte}, int)"/> demands).
    /// Returns the wire length, or -1 when the name is malformed.
    /// </summary>
    public static int ReadLower(ReadOnlySpan<byte> message, int offset, Span<byte> destination)
    {
        var position = offset;
        var segmentStart = offset;
        var written = 0;
        while ((uint)position < (uint)message.Length)
        {
            var length = message[position];
            if (length == 0)
            {
                if (written + 1 > DnsWire.MaxNameLength)
                {
                    return -1;
                }

                destination[written++] = 0;
                return written;
            }

            if ((length & PointerMask) == PointerMask)
            {
                if (position + 1 >= message.Length)
                {
                    return -1;
                }

                var target = ((length & ~PointerMask) << 8) | message[position + 1];
                if (target >= segmentStart || target < DnsWire.HeaderSize)
                {
                    return -1;
                }

                position = segmentStart = target;
                continue;
            }

            if (length > DnsWire.MaxLabelLength || position + 1 + length > message.Length || written + 1 + length >= DnsWire.MaxNameLength)
            {
                return -1;
            }

            destination[written++] = length;
            var label = message.Slice(position + 1, length);
            for (var i = 0; i < label.Length; i++)
            {
                destination[written++] = DnsWire.ToLower(label[i]);
            }

            position += 1 + length;
        }

        return -1;
    }
}
