namespace HomeFilter.Compliance.Wire;

internal readonly record struct DnsQuestion(string Name, ushort Type, ushort Class);

internal sealed record DnsRecordInfo(string Owner, ushort Type, ushort Class, uint Ttl, int RdataLength);

internal sealed record EdnsOption(ushort Code, byte[] Data);

/// <summary>The first OPT record of a response.</summary>
internal sealed record OptInfo(ushort UdpSize, uint Ttl, IReadOnlyList<EdnsOption> Options)
{
    public byte ExtendedRcode => (byte)(Ttl >> 24);

    public byte Version => (byte)(Ttl >> 16);

    public ushort Flags => (ushort)Ttl;
}

/// <summary>A parsed response: the header bits, every record's owner and type, and the OPT record.</summary>
internal sealed class DnsMessage
{
    public int Length { get; init; }
    public ushort Id { get; init; }
    public bool Qr { get; init; }
    public int Opcode { get; init; }
    public bool Aa { get; init; }
    public bool Tc { get; init; }
    public bool Rd { get; init; }
    public bool Ra { get; init; }
    public bool Z { get; init; }
    public bool Ad { get; init; }
    public bool Cd { get; init; }
    public int HeaderRcode { get; init; }
    public int QuestionCount { get; init; }
    public int AnswerCount { get; init; }
    public int AuthorityCount { get; init; }
    public int AdditionalCount { get; init; }

    public List<DnsQuestion> Questions { get; } = [];
    public List<DnsRecordInfo> Answers { get; } = [];
    public List<DnsRecordInfo> Authorities { get; } = [];
    public List<DnsRecordInfo> Additionals { get; } = [];

    public OptInfo? Opt { get; set; }

    /// <summary>Why the message could not be parsed to its end (genreport's "malformed"), or null.</summary>
    public string? MalformedReason { get; set; }

    public bool IsMalformed => MalformedReason is not null;

    /// <summary>The full 12-bit RCODE: the header's 4 bits plus the OPT record's upper 8.</summary>
    public int Rcode => HeaderRcode | ((Opt?.ExtendedRcode ?? 0) << 4);
}
