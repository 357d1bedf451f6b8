namespace HomeFilter.Compliance;

/// <summary>
/// Where the checks point their questions. genreport asks the zone apex for its SOA; forwarders
/// often treat that differently from the names clients really ask for (dnsmasq, for one, never caches
/// SOA answers), so the suite also runs every check against the existing name's A record, which is
/// what a warm cache serves.
/// </summary>
[Flags]
public enum QueryFlavours
{
    None = 0,

    /// <summary>genreport's questions: SOA (and DNSKEY, TYPE666) at the zone apex.</summary>
    ApexSoa = 1,

    /// <summary>The same checks at the existing name, with A asked where genreport asks SOA.</summary>
    NameAddress = 2,

    Both = ApexSoa | NameAddress,
}
