namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// A group's per-client query rate limit. Every field left out takes the server's default
/// (<c>HomeFilter:RateLimit:*</c>); a rate of 0 switches that level off, <see cref="Enabled"/> false switches both off.
/// </summary>
/// <remarks>
/// "Address" is one IPv4 address or one IPv6 /64 (a host's privacy addresses share it); "network" is the IPv4 /24 or
/// IPv6 /56 around it. A query counts against the network only once its address had room for it.
/// </remarks>
public sealed class GroupRateLimit
{
    /// <summary>False: these clients are never rate limited. Absent: the server's setting.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Sustained queries per second per address (0: no per-address limit).</summary>
    public int? QueriesPerSecond { get; set; }

    /// <summary>Queries an idle address may send at once before the sustained rate applies.</summary>
    public int? Burst { get; set; }

    /// <summary>Sustained queries per second per network (0: no per-network limit).</summary>
    public int? NetworkQueriesPerSecond { get; set; }

    /// <summary>Queries an idle network may send at once before its sustained rate applies.</summary>
    public int? NetworkBurst { get; set; }
}
