namespace HomeFilter.Resolver.RateLimit;

/// <summary>What a UDP query over its limit gets. Over TCP (no spoofing, no amplification) it is always REFUSED.</summary>
public enum RateLimitAction : byte
{
    /// <summary>No answer at all: a spoofed victim receives nothing, and the sender learns nothing.</summary>
    Drop,

    /// <summary>A REFUSED answer no larger than the query.</summary>
    Refused,

    /// <summary>An empty answer with TC=1: a real client retries over TCP, a spoofed source gains nothing.</summary>
    Truncate,
}
