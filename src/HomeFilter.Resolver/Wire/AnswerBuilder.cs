namespace HomeFilter.Resolver.Wire;

/// <summary>
/// Writes a response of our own (local records, block answers, safe-search rewrites) straight into the
/// response buffer: header and question from the query, then records, then our OPT with an optional Extended
/// DNS Error. Every write checks the space; a full buffer makes the builder report failure, never throw.
/// </summary>
internal ref struct AnswerBuilder
{
    /// <summary>Offset of the question name: the owner of most of our records, by pointer.</summary>
    public const int QuestionName = DnsWire.HeaderSize;

    private readonly Span<byte> _destination;
    private readonly bool _edns;
    private readonly bool _dnssecOk;
    private int _at;
    private int _answers;
    private bool _failed;

    private AnswerBuilder(Span<byte> destination, int at, bool edns, bool dnssecOk)
    {
        _destination = destination;
        _at = at;
        _edns = edns;
        _dnssecOk = dnssecOk;
    }

    /// <summary>Where the next byte goes (for pointers to names just written).</summary>
    public readonly int Position => _at;

    /// <summary>Starts a response to <paramref name="query"/> with <paramref name="rcode"/> (0–15).</summary>
    public static bool TryStart(ReadOnlySpan<byte> query, in ParsedQuery parsed, int rcode, bool authoritative, Span<byte> destination, out AnswerBuilder builder)
    {
        builder = default;
        if (parsed.QuestionEnd <= DnsWire.HeaderSize || parsed.QuestionEnd > destination.Length || parsed.QuestionEnd > query.Length)
        {
            return false;
        }

        var flags = DnsWire.FlagQr | DnsWire.FlagRa | (parsed.Flags & DnsWire.FlagRd) | (authoritative ? DnsWire.FlagAa : 0) | (rcode & DnsWire.MaskRcode);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetId, parsed.Id);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetFlags, flags);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetQdCount, 1);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetAnCount, 0);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetNsCount, 0);
        DnsWire.WriteUInt16(destination, DnsWire.OffsetArCount, 0);
        query[DnsWire.HeaderSize..parsed.QuestionEnd].CopyTo(destination[DnsWire.HeaderSize..]);
        builder = new AnswerBuilder(destination, parsed.QuestionEnd, parsed.HasEdns, parsed.DnssecOk);
        return true;
    }

    /// <summary>Adds an answer record whose owner is a pointer to <paramref name="ownerOffset"/> and whose RDATA is given.</summary>
    public bool AddRecord(int ownerOffset, ushort type, uint ttl, scoped ReadOnlySpan<byte> rdata)
    {
        if (_failed || _destination.Length - _at < 2 + DnsWire.RecordFixedSize + rdata.Length || rdata.Length > ushort.MaxValue)
        {
            _failed = true;
            return false;
        }

        DnsWire.WriteUInt16(_destination, _at, 0xC000 | ownerOffset);
        DnsWire.WriteUInt16(_destination, _at + 2, type);
        DnsWire.WriteUInt16(_destination, _at + 4, 1); // IN
        DnsWire.WriteUInt32(_destination, _at + 6, ttl);
        DnsWire.WriteUInt16(_destination, _at + 10, rdata.Length);
        rdata.CopyTo(_destination[(_at + 12)..]);
        _at += 12 + rdata.Length;
        _answers++;
        return true;
    }

    /// <summary>Adds a record of <paramref name="rdataLength"/> zero bytes (0.0.0.0, ::).</summary>
    public bool AddZeroRecord(int ownerOffset, ushort type, uint ttl, int rdataLength)
    {
        Span<byte> zeros = stackalloc byte[16];
        zeros.Clear();
        return AddRecord(ownerOffset, type, ttl, zeros[..rdataLength]);
    }

    /// <summary>Adds a record carrying a name (CNAME); returns the offset of that name in the message, or -1.</summary>
    public int AddNameRecord(int ownerOffset, ushort type, uint ttl, scoped ReadOnlySpan<byte> wireName)
    {
        var nameOffset = _at + 12;
        return AddRecord(ownerOffset, type, ttl, wireName) ? nameOffset : -1;
    }

    /// <summary>Writes the counts and, for an EDNS client, our OPT (with an Extended DNS Error when <paramref name="edeCode"/> ≥ 0). Returns the length, 0 when it did not fit.</summary>
    public int Finish(int edeCode, scoped ReadOnlySpan<byte> edeText)
    {
        if (_failed)
        {
            return 0;
        }

        DnsWire.WriteUInt16(_destination, DnsWire.OffsetAnCount, _answers);
        if (!_edns)
        {
            return _at;
        }

        var optionLength = edeCode >= 0 ? ExtendedErrorOptions.HeaderSize + edeText.Length : 0;
        if (_destination.Length - _at < DnsWire.EmptyOptSize + optionLength || optionLength > 512)
        {
            return 0;
        }

        Span<byte> option = stackalloc byte[optionLength];
        if (edeCode >= 0)
        {
            ExtendedErrorOptions.Write(option, edeCode, edeText);
        }

        _at += OptRecordWriter.Write(_destination[_at..], extendedRcode: 0, _dnssecOk, option);
        DnsWire.WriteUInt16(_destination, DnsWire.OffsetArCount, 1);
        return _at;
    }
}
