using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;

namespace HomeFilter.Resolver.Identity;

/// <summary>Identity counters on the resolver's meter; static tags, so counting allocates nothing.</summary>
internal static class IdentityMetrics
{
    private static readonly Counter<long> Untrusted = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.identity.untrusted_options", description: "Queries whose MAC or client subnet option was ignored because the sender is not a trusted forwarder.");

    public static void CountUntrusted() => Untrusted.Add(1);
}
