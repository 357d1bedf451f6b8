using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;

namespace HomeFilter.Resolver.RateLimit;

/// <summary>The rate limit's counter on the resolver's meter; tags are static, so counting allocates nothing.</summary>
internal static class RateLimitMetrics
{
    private static readonly Counter<long> Limited = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.ratelimit.limited", description: "Queries not served because their client was over a rate limit, by level.");

    private static readonly KeyValuePair<string, object?> AddressTag = new("level", "address");
    private static readonly KeyValuePair<string, object?> NetworkTag = new("level", "network");
    private static readonly KeyValuePair<string, object?> InFlightTag = new("level", "inflight");

    public static void Count(LimitReason reason) => Limited.Add(1, reason switch
    {
        LimitReason.Address => AddressTag,
        LimitReason.Network => NetworkTag,
        _ => InFlightTag,
    });
}
