namespace HomeFilter.Compliance;

/// <summary>genreport's lower-case names for RCODEs and opcodes, which appear as failure tags.</summary>
internal static class DnsCodes
{
    public const int NoError = 0;
    public const int ServFail = 2;
    public const int NotImp = 4;
    public const int BadVers = 16;
    public const int BadCookie = 23;

    public const ushort TypeRrsig = 46;

    public static string RcodeText(int rcode) => rcode switch
    {
        0 => "noerror",
        1 => "formerr",
        2 => "servfail",
        3 => "nxdomain",
        4 => "notimp",
        5 => "refused",
        6 => "yxdomain",
        7 => "yxrrset",
        8 => "nxrrset",
        9 => "notauth",
        10 => "notzone",
        16 => "badvers",
        23 => "badcookie",
        _ => $"rcode{rcode}",
    };

    public static string OpcodeText(int opcode) => opcode switch
    {
        0 => "query",
        1 => "iquery",
        2 => "status",
        4 => "notify",
        5 => "update",
        _ => $"opcode{opcode}",
    };
}
