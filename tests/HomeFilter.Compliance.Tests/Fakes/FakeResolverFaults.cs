namespace HomeFilter.Compliance.Tests.Fakes;

/// <summary>Ways the fake resolver can get EDNS and the header wrong, one per failure genreport names.</summary>
[Flags]
public enum FakeResolverFaults
{
    None = 0,
    SetAa = 1 << 0,
    StripOpt = 1 << 1,
    EchoUnknownOption = 1 << 2,
    IgnoreEdnsVersion = 1 << 3,
    EchoZ = 1 << 4,
    EchoUndefinedEdnsFlags = 1 << 5,
    DropDo = 1 << 6,
    IgnoreUdpSize = 1 << 7,
    ClearRa = 1 << 8,
    ClearRd = 1 << 9,
    FormErrForUnknownOpcode = 1 << 10,
    DropUnknownOpcode = 1 << 11,
    WrongServerCookie = 1 << 12,
    TrailingGarbage = 1 << 13,
    SetAd = 1 << 14,

    /// <summary>What unbound does: FORMERR, with the query's header bits echoed, for a query with TC set.</summary>
    FormErrForTc = 1 << 15,
}
