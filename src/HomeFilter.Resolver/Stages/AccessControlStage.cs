using HomeFilter.Resolver.Access;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Refuses clients outside the networks this server is told to serve, so it is never an open resolver
/// (which would be abused for amplification attacks), and CHAOS-class queries from anyone (<see cref="ChaosClassRefusal"/>).
/// </summary>
public sealed class AccessControlStage(ClientNetworks allowed) : IQueryStage
{
    public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
    {
        if (allowed.Contains(context.ClientAddressBytes))
        {
            return ChaosClassRefusal.TryRefuse(context) ? ValueTask.CompletedTask : next(context);
        }

        context.Outcome = QueryOutcome.Refused;
        context.Reason = "client not in AllowedClients";
        return ValueTask.CompletedTask;
    }
}
