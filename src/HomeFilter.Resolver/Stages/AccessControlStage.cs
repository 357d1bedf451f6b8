using HomeFilter.Resolver.Access;
using HomeFilter.Resolver.Identity;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Refuses clients outside the networks this server is told to serve, so it is never an open resolver
/// (which would be abused for amplification attacks), and CHAOS-class queries from anyone (<see cref="ChaosClassRefusal"/>).
/// With <c>HomeFilter:Identity:UnknownClientId=refuse</c>, also a client whose client ID no device or group names
/// (settled at entry: <see cref="QueryContext.UnknownClientId"/>).
/// </summary>
public sealed class AccessControlStage(ClientNetworks allowed, bool refuseUnknownClientId) : IQueryStage
{
    public AccessControlStage(ClientNetworks allowed)
        : this(allowed, refuseUnknownClientId: false)
    {
    }

    public AccessControlStage(ClientNetworks allowed, IdentityOptions identity)
        : this(allowed, identity?.RefuseUnknownClientId ?? false)
    {
    }

    public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
    {
        if (!allowed.Contains(context.ClientAddressBytes))
        {
            context.Outcome = QueryOutcome.Refused;
            context.Reason = "client not in AllowedClients";
            return ValueTask.CompletedTask;
        }

        if (refuseUnknownClientId && context.UnknownClientId)
        {
            context.Outcome = QueryOutcome.Refused;
            context.Reason = "unknown client ID";
            return ValueTask.CompletedTask;
        }

        return ChaosClassRefusal.TryRefuse(context) ? ValueTask.CompletedTask : next(context);
    }
}
