namespace HomeFilter.Resolver.Wire;

/// <summary>What <see cref="ResponseScanner.TryScan"/> learnt from one response.</summary>
public struct ResponseScan
{
    /// <summary>The second header word, unchanged.</summary>
    public ushort Flags;

    /// <summary>The full rcode: header bits plus the OPT's extended bits.</summary>
    public int Rcode;

    public int QuestionCount;
    public int AnswerCount;
    public int AuthorityCount;
    public int AdditionalCount;

    /// <summary>The message has exactly one question, equal (ASCII case ignored) to the one asked about.</summary>
    public bool QuestionMatches;

    public bool HasOpt;

    /// <summary>How many TTL offsets were written (every record but the OPT).</summary>
    public int TtlCount;

    /// <summary>More records than the offsets span could hold: the offsets are incomplete.</summary>
    public bool TtlOffsetsOverflowed;

    /// <summary>Smallest TTL in the answer and authority sections; <see cref="uint.MaxValue"/> when they are empty.</summary>
    public uint MinTtl;

    /// <summary>The answer section holds a record of the asked type (any record when the type is ANY).</summary>
    public bool HasAnswerOfQueryType;

    /// <summary>An SOA was found in the authority section; its TTL and MINIMUM follow.</summary>
    public bool HasSoa;
    public uint SoaTtl;
    public uint SoaMinimum;

    public readonly bool IsTruncated => (Flags & DnsWire.FlagTc) != 0;

    public readonly NegativeAnswerKind Negative => Rcode switch
    {
        DnsResponseCode.NameError => NegativeAnswerKind.NameError,
        DnsResponseCode.NoError when !HasAnswerOfQueryType => NegativeAnswerKind.NoData,
        _ => NegativeAnswerKind.None,
    };

    /// <summary>How long a negative answer may be cached (RFC 2308 §5): min(SOA TTL, SOA MINIMUM); 0 without an SOA.</summary>
    public readonly uint NegativeTtl => HasSoa ? Math.Min(SoaTtl, SoaMinimum) : 0;
}
