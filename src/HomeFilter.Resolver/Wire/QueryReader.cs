namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Reads a client's query once, straight from the received bytes, without allocating.
/// </summary>
/// <remarks>
/// What is accepted, and why:
/// <list type="bullet">
/// <item>Opcode is checked before anything else, so NOTIFY/UPDATE/STATUS with odd sections still get NOTIMP (as BIND and unbound do).</item>
/// <item>QDCOUNT must be 1 (unbound answers FORMERR otherwise); the question name must be uncompressed
/// (nothing precedes it that a pointer could legally reach), labels ≤ 63, name ≤ 255, plain labels only.</item>
/// <item>Answer and authority records in a query are allowed and skipped with full bounds checks; an OPT there is FORMERR.</item>
/// <item>Additional records are walked to find the OPT; TSIG and friends are skipped. More than one OPT,
/// or an OPT whose owner is not the root, or whose options overrun its RDATA, is FORMERR (RFC 6891 §6.1.1).</item>
/// <item>Bytes after the last declared record are ignored, as unbound does: they carry no meaning and
/// refusing them would only break clients behind padding middleboxes.</item>
/// </list>
/// </remarks>
public static class QueryReader
{
    /// <summary>Smallest <c>nameDestination</c> that fits any valid name.</summary>
    public const int NameBufferSize = DnsWire.MaxNameLength;

    /// <summary>
    /// Parses <paramref name="packet"/>. On every status except <see cref="QueryReadStatus.Drop"/>,
    /// <paramref name="query"/> holds at least the ID and flags, so an error answer can be written; the
    /// question fields are set when <see cref="ParsedQuery.HasQuestion"/>, the EDNS fields when the whole
    /// packet was read. The question name is written lower-cased into <paramref name="nameDestination"/>
    /// (at least <see cref="NameBufferSize"/> bytes).
    /// </summary>
    public static QueryReadStatus TryRead(ReadOnlySpan<byte> packet, Span<byte> nameDestination, out ParsedQuery query)
    {
        query = default;
        if (nameDestination.Length < NameBufferSize)
        {
            WireThrowHelper.NameBufferTooSmall(nameof(nameDestination));
        }

        if (packet.Length < DnsWire.HeaderSize)
        {
            return QueryReadStatus.Drop;
        }

        query.Id = DnsWire.ReadUInt16(packet, DnsWire.OffsetId);
        query.Flags = DnsWire.ReadUInt16(packet, DnsWire.OffsetFlags);
        if ((query.Flags & DnsWire.FlagQr) != 0)
        {
            return QueryReadStatus.Drop;
        }

        // For another opcode we still read as much as we can (to echo the question and EDNS), but any
        // problem further on keeps the answer NOTIMP rather than FORMERR.
        var failure = query.Opcode == 0 ? QueryReadStatus.FormatError : QueryReadStatus.NotImplemented;
        if (DnsWire.ReadUInt16(packet, DnsWire.OffsetQdCount) != 1)
        {
            return failure;
        }

        var nameLength = DnsName.ReadUncompressedLower(packet, DnsWire.HeaderSize, nameDestination);
        if (nameLength < 0)
        {
            return failure;
        }

        var position = DnsWire.HeaderSize + nameLength;
        if (packet.Length - position < 4)
        {
            return failure;
        }

        query.NameLength = nameLength;
        query.QType = DnsWire.ReadUInt16(packet, position);
        query.QClass = DnsWire.ReadUInt16(packet, position + 2);
        position += 4;
        query.QuestionEnd = position;

        var answerAndAuthority = DnsWire.ReadUInt16(packet, DnsWire.OffsetAnCount) + DnsWire.ReadUInt16(packet, DnsWire.OffsetNsCount);
        for (var i = 0; i < answerAndAuthority; i++)
        {
            if (!DnsRecord.TryRead(packet, position, out var record) || record.Type == DnsWire.TypeOpt)
            {
                return failure;
            }

            position = record.End;
        }

        var additional = DnsWire.ReadUInt16(packet, DnsWire.OffsetArCount);
        var sawOpt = false;
        var optClass = 0;
        var optTtl = 0u;
        for (var i = 0; i < additional; i++)
        {
            if (!DnsRecord.TryRead(packet, position, out var record))
            {
                return failure;
            }

            if (record.Type == DnsWire.TypeOpt)
            {
                if (sawOpt || record.NameEnd != record.Start + 1 || !OptionsWellFormed(packet.Slice(record.RdataStart, record.RdataLength)))
                {
                    return failure;
                }

                sawOpt = true;
                ReadIdentityOptions(packet, record.RdataStart, record.RdataLength, ref query);
                optClass = record.Class;
                optTtl = record.Ttl;
            }

            position = record.End;
        }

        if (sawOpt)
        {
            query.HasEdns = true;
            query.EdnsUdpSize = (ushort)Math.Max(DnsWire.MinimumUdpSize, optClass);
            query.EdnsVersion = (byte)(optTtl >> 16);
            query.DnssecOk = (optTtl & DnsWire.EdnsFlagDo) != 0;
        }

        if (failure == QueryReadStatus.NotImplemented)
        {
            return QueryReadStatus.NotImplemented;
        }

        return query.EdnsVersion > 0 ? QueryReadStatus.BadVersion : QueryReadStatus.Ok;
    }

    /// <summary>
    /// Notes the options that say who the client is: a forwarder's MAC option and ECS. They are never copied anywhere
    /// (the upstream query is written from scratch), only read here. A malformed one is ignored, not an error: it is a
    /// hint, and RFC 7871 servers that do not use ECS must not fail on it either.
    /// </summary>
    private static void ReadIdentityOptions(ReadOnlySpan<byte> packet, int rdataStart, int rdataLength, ref ParsedQuery query)
    {
        var position = rdataStart;
        var end = rdataStart + rdataLength;
        while (end - position >= 4)
        {
            var code = DnsWire.ReadUInt16(packet, position);
            var length = DnsWire.ReadUInt16(packet, position + 2);
            var data = packet.Slice(position + 4, length);
            switch (code)
            {
                case DnsWire.OptionMac when length == 6:
                    query.MacOption = DeviceMac(MacOption.FromRaw(data));
                    break;
                case DnsWire.OptionCpeId:
                    query.MacOption = DeviceMac(MacOption.FromText(data));
                    break;
                case DnsWire.OptionClientSubnet when length >= 4:
                    ReadSubnet(data, position + 8, ref query);
                    break;
            }

            position += 4 + length;
        }
    }

    private static ulong DeviceMac(ulong mac) => HomeFilter.Rules.Policy.Identity.MacAddress.IsDeviceAddress(mac) ? mac : 0;

    private static void ReadSubnet(ReadOnlySpan<byte> data, int addressOffset, ref ParsedQuery query)
    {
        var family = DnsWire.ReadUInt16(data, 0);
        var source = data[2];
        var width = family switch { 1 => 32, 2 => 128, _ => 0 };
        // RFC 7871 §6: exactly as many address bytes as the source prefix needs.
        if (width == 0 || source > width || data.Length - 4 != (source + 7) / 8)
        {
            return;
        }

        query.SubnetFamily = (byte)family;
        query.SubnetSourcePrefix = source;
        query.SubnetAddressOffset = addressOffset;
    }

    /// <summary>Each option is code, length, data; together they must fill the RDATA exactly.</summary>
    private static bool OptionsWellFormed(ReadOnlySpan<byte> rdata)
    {
        var position = 0;
        while (position < rdata.Length)
        {
            if (rdata.Length - position < 4)
            {
                return false;
            }

            var length = DnsWire.ReadUInt16(rdata, position + 2);
            position += 4;
            if (rdata.Length - position < length)
            {
                return false;
            }

            position += length;
        }

        return true;
    }
}
