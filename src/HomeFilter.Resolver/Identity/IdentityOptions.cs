namespace HomeFilter.Resolver.Identity;

/// <summary>How clients are recognised beyond their address, bound from <c>HomeFilter:Identity</c>.</summary>
/// <remarks>
/// A MAC option or ECS in a query is a claim anyone on the network can write into a packet: a child's laptop could
/// claim a parent's phone's MAC and leave the kids' group. So the claim is believed only from the forwarders named
/// here, and by default only from this machine (a dnsmasq or router process on the same host): a LAN router that
/// forwards with <c>--add-mac</c> must be named explicitly.
/// </remarks>
public sealed class IdentityOptions
{
    public const string Section = "HomeFilter:Identity";

    /// <summary>Addresses or prefixes whose MAC option (65001/65073) and ECS client address are believed. Empty means loopback only.</summary>
    public List<string> TrustedForwarders { get; set; } = [];

    /// <summary>Read the kernel's neighbour table (<c>/proc/net/arp</c>, <c>ip -6 neigh</c>) to know a LAN client's MAC.</summary>
    public bool NeighbourTable { get; set; } = true;

    /// <summary>Seconds between reads of the neighbour table.</summary>
    public int NeighbourRefreshSeconds { get; set; } = 10;

    /// <summary>
    /// A client ID that no device or group names: <c>default</c> (ignored: the client is recognised by its MAC or
    /// address as if it had presented none, and is in the default group when nothing else names it) or
    /// <c>refuse</c> (REFUSED).
    /// </summary>
    public string UnknownClientId { get; set; } = "default";

    /// <summary>The default trust: this machine only.</summary>
    public static readonly IReadOnlyList<string> Loopback = ["127.0.0.0/8", "::1/128"];

    /// <summary>The trusted forwarders with the default applied.</summary>
    public IReadOnlyList<string> EffectiveTrustedForwarders => TrustedForwarders.Count > 0 ? TrustedForwarders : Loopback;

    /// <summary>True when an unknown client ID is refused.</summary>
    public bool RefuseUnknownClientId => string.Equals(UnknownClientId?.Trim(), "refuse", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every problem with the values, one line each naming the setting.</summary>
    public IEnumerable<string> Problems()
    {
        if (UnknownClientId?.Trim().ToLowerInvariant() is not ("default" or "refuse"))
        {
            yield return $"{Section}:UnknownClientId must be default or refuse, not '{UnknownClientId}'.";
        }

        if (NeighbourRefreshSeconds is < 1 or > 3600)
        {
            yield return $"{Section}:NeighbourRefreshSeconds must be between 1 and 3600, not {NeighbourRefreshSeconds}.";
        }

        string? bad = null;
        try
        {
            Access.ClientNetworks.Parse(EffectiveTrustedForwarders);
        }
        catch (FormatException e)
        {
            bad = e.Message;
        }

        if (bad is not null)
        {
            yield return $"Trusted forwarder {bad} Fix {Section}:TrustedForwarders.";
        }
    }
}
