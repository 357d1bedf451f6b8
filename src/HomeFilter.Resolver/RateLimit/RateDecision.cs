namespace HomeFilter.Resolver.RateLimit;

/// <summary>What <see cref="ClientRateLimiter.Check"/> found for one query.</summary>
public enum RateDecision : byte
{
    /// <summary>Within the limits with room to spare.</summary>
    Allowed,

    /// <summary>Within the limits, but the address has used more than half its burst: a big UDP answer gets TC.</summary>
    AllowedHeavy,

    /// <summary>Over the address's limit.</summary>
    LimitedAddress,

    /// <summary>The address had room, its network did not.</summary>
    LimitedNetwork,
}
