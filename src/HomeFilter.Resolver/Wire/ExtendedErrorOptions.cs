namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Writes our own Extended DNS Error option (RFC 8914, option code 15), and picks the EDE options out of an OPT's
/// RDATA. They are the only options we pass on: cookies, NSID, padding and unknown options belong to the hop that
/// made them (RFC 6891 §7: unknown options must not be echoed).
/// </summary>
internal static class ExtendedErrorOptions
{
    /// <summary>Option code, option length and info code before the text.</summary>
    public const int HeaderSize = 6;

    /// <summary>Writes one EDE option with <paramref name="infoCode"/> and UTF-8 <paramref name="text"/>; returns its size.</summary>
    public static int Write(Span<byte> destination, int infoCode, scoped ReadOnlySpan<byte> text)
    {
        var size = HeaderSize + text.Length;
        if (destination.Length < size)
        {
            WireThrowHelper.DestinationTooSmall(nameof(destination));
        }

        DnsWire.WriteUInt16(destination, 0, DnsWire.OptionExtendedError);
        DnsWire.WriteUInt16(destination, 2, 2 + text.Length);
        DnsWire.WriteUInt16(destination, 4, infoCode);
        text.CopyTo(destination[HeaderSize..]);
        return size;
    }

    /// <summary>Total size of the EDE options (with their 4-byte headers), or -1 when the options overrun the RDATA.</summary>
    public static int Measure(ReadOnlySpan<byte> rdata)
    {
        var total = 0;
        var position = 0;
        while (position < rdata.Length)
        {
            if (rdata.Length - position < 4)
            {
                return -1;
            }

            var code = DnsWire.ReadUInt16(rdata, position);
            var length = DnsWire.ReadUInt16(rdata, position + 2);
            if (rdata.Length - position - 4 < length)
            {
                return -1;
            }

            if (code == DnsWire.OptionExtendedError)
            {
                total += 4 + length;
            }

            position += 4 + length;
        }

        return total;
    }

    /// <summary>Copies the EDE options of well-formed <paramref name="rdata"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Copy(ReadOnlySpan<byte> rdata, Span<byte> destination)
    {
        var written = 0;
        var position = 0;
        while (rdata.Length - position >= 4)
        {
            var size = 4 + DnsWire.ReadUInt16(rdata, position + 2);
            if (DnsWire.ReadUInt16(rdata, position) == DnsWire.OptionExtendedError)
            {
                rdata.Slice(position, size).CopyTo(destination[written..]);
                written += size;
            }

            position += size;
        }

        return written;
    }
}
