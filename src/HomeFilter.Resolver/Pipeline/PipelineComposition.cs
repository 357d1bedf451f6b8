using HomeFilter.Resolver.QueryLog;
using HomeFilter.Resolver.RateLimit;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Resolver.Pipeline;

/// <summary>The one place that says which stages a query walks, in which order, and why.</summary>
public static class PipelineComposition
{
    public static QueryPipeline Compose(IServiceProvider services)
    {
        var stages = new List<IQueryStage>();

        // Outside everything, the query log included: a query over its client's rate limit costs one bucket update and
        // is counted per client, never forwarded, cached or logged (a flood would otherwise fill the log it is hiding in).
        // The transports parse first, which is cheap; the limit needs the client's group, which this is the first to read.
        if (services.GetService<RateLimitStage>() is { } rateLimit)
        {
            stages.Add(rateLimit);
        }

        // Outermost: sees every outcome (refused, blocked, cached, forwarded, failed) and its latency, and hands it
        // to the log without waiting. Left out when the query log is switched off.
        if (services.GetService<QueryLogSettings>() is { Enabled: true })
        {
            stages.Add(services.GetRequiredService<QueryLogStage>());
        }

        stages.AddRange(Core(services));
        return new QueryPipeline(stages);
    }

    private static IQueryStage[] Core(IServiceProvider services) =>
    [
        // First: a client we do not serve learns nothing and costs nothing (no open resolver).
        services.GetRequiredService<AccessControlStage>(),

        // Above the cache: local names, then the client's group decides (block, bypass signal, safe-search
        // rewrite, conditional forward). A cached name that becomes blocked is blocked at once, and our own
        // answers never enter the shared cache.
        services.GetRequiredService<PolicyStage>(),

        // Above the cache too: judges the CNAME chain of fresh and cached answers per client group.
        services.GetRequiredService<CnameInspectionStage>(),

        // Holds only upstream answers; serves hits without I/O and stale answers when every upstream failed.
        services.GetRequiredService<CacheStage>(),

        // Last: forwards what nobody above could answer.
        services.GetRequiredService<UpstreamStage>(),
    ];
}
