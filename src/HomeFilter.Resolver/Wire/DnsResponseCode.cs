namespace HomeFilter.Resolver.Wire;

/// <summary>DNS response codes (RFC 1035 §4.1.1, RFC 6891 §9 for the extended ones).</summary>
public static class DnsResponseCode
{
    public const int NoError = 0;
    public const int FormatError = 1;
    public const int ServerFailure = 2;
    public const int NameError = 3;
    public const int NotImplemented = 4;
    public const int Refused = 5;

    /// <summary>BADVERS: only expressible with EDNS (upper 8 bits travel in the OPT record).</summary>
    public const int BadVersion = 16;
}
