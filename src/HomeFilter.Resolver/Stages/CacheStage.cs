using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Answers from the response cache, or asks the stages below and keeps what the upstream said.
/// Sits below policy and CNAME inspection, so a cached answer is still filtered per client; holds only
/// upstream answers, so local and blocked answers never leak between clients through it.
/// </summary>
public sealed class CacheStage : IQueryStage
{
    private readonly DnsResponseCache _cache;
    private readonly Action<QueryContext> _after;

    public CacheStage(DnsResponseCache cache)
    {
        _cache = cache;
        _after = After;
    }

    private const string StaleReason = "stale answer: every upstream failed";

    public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        // The key was written and hashed once at entry; the miss, the store and a stale lookup all reuse it.
        if (_cache.TryGet(context.CacheKey, context.ResponseBuffer, out var length))
        {
            // Written in place: a hit is one copy and no allocation.
            context.ResponseLength = length;
            context.Outcome = QueryOutcome.Cached;
            return ValueTask.CompletedTask;
        }

        return StageContinuation.Then(next(context), context, _after);
    }

    private void After(QueryContext context)
    {
        if (context.Outcome == QueryOutcome.Forwarded && context.ResponseLength > 0 && !IsServerFailure(context.Response))
        {
            _cache.TryAdd(context.CacheKey, context.Response);
            return;
        }

        // RFC 8767: stale data only when the fresh path failed, i.e. no upstream answered (or all said SERVFAIL).
        if (context.Outcome == QueryOutcome.Failed || (context.Outcome == QueryOutcome.Forwarded && IsServerFailure(context.Response)))
        {
            if (_cache.TryGetStale(context.CacheKey, context.ResponseBuffer, out var length))
            {
                context.ResponseLength = length;
                context.Outcome = QueryOutcome.Stale;
                context.Reason = StaleReason;
            }
        }
    }

    private static bool IsServerFailure(ReadOnlySpan<byte> response) =>
        response.Length >= 4 && (response[3] & 0x0F) == DnsResponseCode.ServerFailure;
}
