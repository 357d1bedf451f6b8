namespace HomeFilter.Testing;

/// <summary>What a <see cref="LoopbackDnsServer"/> does with the queries it receives. Can be changed at any time.</summary>
public enum ServerBehavior
{
    /// <summary>Answer from the zone (NXDOMAIN / NODATA with an SOA for names it does not hold).</summary>
    Answer,

    /// <summary>Drop every query without answering, like a dead or firewalled server.</summary>
    Silent,

    /// <summary>Answer every query with SERVFAIL.</summary>
    ServerFailure,

    /// <summary>Answer every query with REFUSED.</summary>
    Refuse,

    /// <summary>
    /// Before the real answer, send two forged ones that a careful client must ignore: one with a different
    /// ID, then one with the right ID but another question. Both carry <see cref="LoopbackDnsServer.SpoofedAddress"/>.
    /// </summary>
    SpoofThenAnswer,
}
