namespace HomeFilter.Compliance;

/// <summary>
/// genreport's EDNS, FULL and COMMON tests, in genreport's order, as recursive mode sends them
/// (RD is set in every query, so genreport's "rd" test is the plain query again).
/// Written from genreport's documentation and test table; the names are genreport's so results can be
/// compared line by line with its report.
/// </summary>
public static class ComplianceCatalog
{
    /// <summary>The derived entry genreport prints before ednstcp: the "do" result, plus "yes" when RRSIGs came back.</summary>
    public const string SignedName = "signed";

    public const ushort TypeSoa = 6;
    public const ushort TypeDnskey = 48;
    public const ushort TypeUnknown666 = 666;
    public const byte OpcodeUnassigned = 15;

    public const ushort OptionNsid = 3;
    public const ushort OptionClientSubnet = 8;
    public const ushort OptionExpire = 9;
    public const ushort OptionCookie = 10;

    /// <summary>An option code nobody has defined: a server must ignore it and never echo it.</summary>
    public const ushort OptionUnknown100 = 100;

    /// <summary>The client cookie the cookie checks send; a server cookie must start with it.</summary>
    public static ReadOnlyMemory<byte> ClientCookie { get; } = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };

    private static readonly byte[] UnknownOption = [0x00, 0x64, 0x00, 0x00];
    private static readonly byte[] NsidOption = [0x00, 0x03, 0x00, 0x00];

    // Family 1 (IPv4), source prefix 0, scope 0: "0.0.0.0/0", no address bytes.
    private static readonly byte[] SubnetOption = [0x00, 0x08, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00];
    private static readonly byte[] ExpireOption = [0x00, 0x09, 0x00, 0x00];
    private static readonly byte[] CookieOption = [0x00, 0x0a, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly byte[] OptionList = [.. NsidOption, .. SubnetOption, .. ExpireOption, .. CookieOption];

    public static IReadOnlyList<ComplianceCheck> All { get; } = Build();

    private static EdnsQuery Edns(byte version, ushort flags = 0, byte[]? options = null, ushort size = 4096) =>
        new(size, version, flags, options ?? []);

    private static ComplianceCheck Plain(string name, ComplianceGroups group, QueryHeaderFlags flags, string description,
        ushort type = TypeSoa, byte opcode = 0, bool tcp = false) =>
        new(name, group, opcode, type, flags, Edns: null, tcp, IgnoreTruncation: false, SendsCookie: false, description);

    private static ComplianceCheck WithEdns(string name, ComplianceGroups group, EdnsQuery edns, string description,
        QueryHeaderFlags flags = QueryHeaderFlags.None, ushort type = TypeSoa, bool tcp = false, bool ignoreTc = false, bool cookie = false) =>
        new(name, group, 0, type, flags, edns, tcp, ignoreTc, cookie, description);

    private static ComplianceCheck[] Build()
    {
        const ComplianceGroups E = ComplianceGroups.Edns;
        const ComplianceGroups F = ComplianceGroups.Full;
        const ComplianceGroups C = ComplianceGroups.Common;
        const QueryHeaderFlags None = QueryHeaderFlags.None;
        const ushort Do = EdnsQuery.DoFlag;
        const QueryHeaderFlags AllButRd = QueryHeaderFlags.Tc | QueryHeaderFlags.Ra | QueryHeaderFlags.Cd |
            QueryHeaderFlags.Ad | QueryHeaderFlags.Aa | QueryHeaderFlags.Z;

        return
        [
            Plain("dns", E, None, "plain DNS query, SOA"),
            Plain("aa", F, QueryHeaderFlags.Aa, "plain query with AA=1 (meaningless in a query; must be ignored)"),
            Plain("ad", F, QueryHeaderFlags.Ad, "plain query with AD=1"),
            Plain("cd", F, QueryHeaderFlags.Cd, "plain query with CD=1"),
            Plain("ra", F, QueryHeaderFlags.Ra, "plain query with RA=1 (meaningless in a query; must be ignored)"),
            Plain("rd", F, None, "plain query with RD=1 (recursive mode sets RD in every query)"),
            Plain("tc", F, QueryHeaderFlags.Tc, "plain query with TC=1 (meaningless in a query; must be ignored)"),
            Plain("zflag", F, QueryHeaderFlags.Z, "plain query with the reserved Z bit set (must not be echoed)"),
            Plain("opcode", F, None, "header-only request with unassigned opcode 15 (expects NOTIMP)", type: 0, opcode: OpcodeUnassigned),
            Plain("opcodeflg", F, AllButRd, "opcode 15 with TC, RD, RA, CD, AD, AA and Z set (expects NOTIMP, flags not echoed)",
                type: 0, opcode: OpcodeUnassigned),
            Plain("type666", F, None, "plain query for unknown type 666", type: TypeUnknown666),
            Plain("tcp", F, None, "plain query over TCP", tcp: true),

            WithEdns("edns", E, Edns(0), "EDNS(0) query, 4096 bytes"),
            WithEdns("edns1", E, Edns(1), "EDNS version 1 query (expects BADVERS with an OPT of version 0)"),
            WithEdns("edns@512", E, Edns(0, Do, size: 512),
                "EDNS(0) DNSKEY query with DO and a 512-byte buffer: a truncated answer is fine, a bigger one is not",
                type: TypeDnskey, ignoreTc: true),
            WithEdns("ednsopt", E, Edns(0, options: UnknownOption), "EDNS(0) query with unknown option 100 (must not be echoed)"),
            WithEdns("edns1opt", E, Edns(1, options: UnknownOption), "EDNS version 1 query with unknown option 100"),
            WithEdns("do", E, Edns(0, Do), "EDNS(0) query with DO=1"),
            WithEdns("docd", F, Edns(0, Do), "EDNS(0) query with DO=1 and CD=1", flags: QueryHeaderFlags.Cd),
            WithEdns("edns1do", F, Edns(1, Do), "EDNS version 1 query with DO=1"),
            WithEdns("ednsflags", E, Edns(0, 0x0080), "EDNS(0) query with an undefined EDNS flag bit (0x0080) set (must not be echoed)"),
            WithEdns("optlist", E, Edns(0, options: OptionList), "EDNS(0) query with NSID, client subnet, EXPIRE and COOKIE options",
                cookie: true),

            WithEdns("ednsnsid", F, Edns(0, options: NsidOption), "EDNS(0) query with NSID"),
            WithEdns("ednscookie", F, Edns(0, options: CookieOption), "EDNS(0) query with a client COOKIE", cookie: true),
            WithEdns("ednsexpire", F, Edns(0, options: ExpireOption), "EDNS(0) query with EXPIRE"),
            WithEdns("ednssubnet", F, Edns(0, options: SubnetOption), "EDNS(0) query with client subnet 0.0.0.0/0"),
            WithEdns("edns1nsid", F, Edns(1, options: NsidOption), "EDNS version 1 query with NSID"),
            WithEdns("edns1cookie", F, Edns(1, options: CookieOption), "EDNS version 1 query with a client COOKIE", cookie: true),
            WithEdns("edns1expire", F, Edns(1, options: ExpireOption), "EDNS version 1 query with EXPIRE"),
            WithEdns("edns1subnet", F, Edns(1, options: SubnetOption), "EDNS version 1 query with client subnet 0.0.0.0/0"),
            WithEdns("ednstcp", E, Edns(0, Do, size: 512), "EDNS(0) DNSKEY query with DO and a 512-byte buffer over TCP",
                type: TypeDnskey, tcp: true),

            WithEdns("bind11", C, Edns(0, Do, CookieOption), "query as BIND 9.11's named sends it: EDNS(0), DO, COOKIE", cookie: true),
            WithEdns("dig11", C, Edns(0, options: CookieOption), "query as BIND 9.11's dig sends it: EDNS(0), COOKIE, RD, AD",
                flags: QueryHeaderFlags.Ad, cookie: true),
        ];
    }
}
