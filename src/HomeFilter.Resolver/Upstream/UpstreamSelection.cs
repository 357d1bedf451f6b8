namespace HomeFilter.Resolver.Upstream;

/// <summary>The order in which healthy upstreams are tried. Upstreams marked down always come last.</summary>
public enum UpstreamSelection : byte
{
    /// <summary>
    /// Lowest recent latency first (an EWMA of answered queries; an upstream not measured yet counts as
    /// fastest so it gets measured). The others are the fallbacks, fastest first.
    /// </summary>
    Fastest,

    /// <summary>As configured: the first healthy entry, then the next as a fallback.</summary>
    Ordered,
}
