using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Queries of class CHAOS (3) are never forwarded or answered: <c>version.bind</c>, <c>hostname.bind</c>,
/// <c>id.server</c>, <c>version.server</c> and anything else in that class get REFUSED, as unbound does with
/// <c>hide-version</c> and <c>hide-identity</c>. Forwarded, they would tell any client the upstream's software
/// and version; answered by us, ours. Used by <see cref="AccessControlStage"/>, the stage that already refuses.
/// </summary>
internal static class ChaosClassRefusal
{
    public const ushort ChaosClass = 3;

    private const string RefusedReason = "refused: CHAOS class (version.bind and the like) is not answered";

    private static readonly Counter<long> Refused = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.dns.chaos_refused", description: "CHAOS-class queries (version.bind, hostname.bind, id.server, ...) refused.");

    /// <summary>Refuses the query when it asks in class CHAOS; false (nothing done) for every other class.</summary>
    public static bool TryRefuse(QueryContext context)
    {
        if (context.Parsed.QClass != ChaosClass)
        {
            return false;
        }

        Refused.Add(1);
        context.Outcome = QueryOutcome.Refused;
        context.Reason = RefusedReason;
        return true;
    }
}
