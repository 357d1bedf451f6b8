namespace HomeFilter.Resolver.Wire;

/// <summary>Writes the one OPT record we ever send to a client: our own, never an echo of someone else's.</summary>
internal static class OptRecordWriter
{
    /// <summary>
    /// Writes an OPT with UDP size 1232, version 0, the given extended rcode (upper 8 bits of a 12-bit
    /// rcode), DO as given, every other EDNS flag clear, and <paramref name="options"/> as RDATA.
    /// Returns the bytes written.
    /// </summary>
    public static int Write(Span<byte> destination, int extendedRcode, bool dnssecOk, ReadOnlySpan<byte> options)
    {
        var length = DnsWire.EmptyOptSize + options.Length;
        if (destination.Length < length)
        {
            WireThrowHelper.DestinationTooSmall(nameof(destination));
        }

        destination[0] = 0;
        DnsWire.WriteUInt16(destination, 1, DnsWire.TypeOpt);
        DnsWire.WriteUInt16(destination, 3, DnsWire.AdvertisedUdpSize);
        var ttl = ((uint)(extendedRcode & 0xFF) << 24) | (dnssecOk ? DnsWire.EdnsFlagDo : 0);
        DnsWire.WriteUInt32(destination, 5, ttl);
        DnsWire.WriteUInt16(destination, 9, options.Length);
        options.CopyTo(destination[DnsWire.EmptyOptSize..]);
        return length;
    }
}
