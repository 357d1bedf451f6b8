namespace HomeFilter.Resolver.RateLimit;

/// <summary>
/// Server-wide rate limit defaults, bound from <c>HomeFilter:RateLimit</c>. A group's <c>rateLimit</c> in the policy
/// overrides the rates; the action, the in-flight cap and the table size are server-wide.
/// </summary>
/// <remarks>
/// The defaults are far above what people do: a phone or PC averages well under one query per second and a busy page
/// load sends 50–150 queries within a second; a home router that forwards a whole household appears as one address
/// and peaks at a few hundred. 250/s sustained with a burst of 1,000 per address, and 1,000/s with 4,000 per /24 or /56,
/// are never reached in normal use, while a flood (thousands per second) is cut to a rate the server shrugs off.
/// </remarks>
public sealed class RateLimitOptions
{
    public const string Section = "HomeFilter:RateLimit";

    /// <summary>False: nobody is limited, whatever the policy says.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained queries per second per address (IPv4 /32, IPv6 /64); 0 switches this level off.</summary>
    public int QueriesPerSecond { get; set; } = 250;

    /// <summary>Queries an idle address may send at once.</summary>
    public int Burst { get; set; } = 1_000;

    /// <summary>Sustained queries per second per network (IPv4 /24, IPv6 /56); 0 switches this level off.</summary>
    public int NetworkQueriesPerSecond { get; set; } = 1_000;

    /// <summary>Queries an idle network may send at once.</summary>
    public int NetworkBurst { get; set; } = 4_000;

    /// <summary>What a UDP query over the limit gets: <c>drop</c> (nothing, the default), <c>refused</c> or <c>truncate</c> (TC=1).</summary>
    public string Action { get; set; } = "drop";

    /// <summary>Queries of one address waiting on upstreams at once; more get SERVFAIL. 0 switches the cap off.</summary>
    public int MaxUpstreamInFlight { get; set; } = 64;

    /// <summary>Buckets per level (rounded up to a power of two); idle buckets are reused, so memory never grows.</summary>
    public int TableSize { get; set; } = 16_384;

    /// <summary>The action parsed; null when <see cref="Action"/> is not one of the three.</summary>
    public RateLimitAction? ParsedAction => Action?.Trim().ToLowerInvariant() switch
    {
        "drop" or "" or null => RateLimitAction.Drop,
        "refused" => RateLimitAction.Refused,
        "truncate" or "tc" => RateLimitAction.Truncate,
        _ => null,
    };

    /// <summary>Every problem with the values, one line each naming the setting.</summary>
    public IEnumerable<string> Problems()
    {
        if (ParsedAction is null)
        {
            yield return $"{Section}:Action must be drop, refused or truncate, not '{Action}'.";
        }

        if (QueriesPerSecond < 0 || NetworkQueriesPerSecond < 0)
        {
            yield return $"{Section}:QueriesPerSecond and NetworkQueriesPerSecond must be 0 (off) or more.";
        }

        if (Burst < 1 || NetworkBurst < 1)
        {
            yield return $"{Section}:Burst and NetworkBurst must be at least 1.";
        }

        if (MaxUpstreamInFlight < 0)
        {
            yield return $"{Section}:MaxUpstreamInFlight must be 0 (off) or more.";
        }

        if (TableSize is < 16 or > 1 << 22)
        {
            yield return $"{Section}:TableSize must be between 16 and {1 << 22}.";
        }
    }
}
