using System.Buffers;
using System.Runtime.CompilerServices;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.RateLimit;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// The last stage: forwards the question to the upstream resolvers and hands their answer up the chain as is
/// (the transport adapts ID, flags and EDNS for the client). When no upstream answers within the deadline
/// the outcome is <see cref="QueryOutcome.Failed"/> with our own SERVFAIL, which a cache stage above may replace
/// with a stale answer. For an EDNS client it carries an Extended DNS Error (RFC 8914) saying why: 22 "No Reachable
/// Authority" (no upstream answered in time), or 23 "Network Error" (the network refused every attempt), so a
/// client or a person with <c>dig</c> can tell the filter's own trouble from a failing domain. When every upstream that answered said SERVFAIL
/// or REFUSED, the last such answer is passed through as <see cref="QueryOutcome.Forwarded"/>: the client
/// sees the upstream's own rcode and any Extended DNS Error it carries (e.g. "DNSSEC Bogus").
/// A client with <c>HomeFilter:RateLimit:MaxUpstreamInFlight</c> queries already waiting gets SERVFAIL at once
/// (counted), so its cache misses cannot crowd out everyone else's.
/// </summary>
public sealed class UpstreamStage(UpstreamSet upstreams, UpstreamInFlight? inFlight = null) : IQueryStage
{
    /// <summary>RFC 8914 info code 22: no upstream could be reached.</summary>
    public const int InfoCodeNoReachableAuthority = 22;

    /// <summary>RFC 8914 info code 23: the network failed on the way to every upstream.</summary>
    public const int InfoCodeNetworkError = 23;

    public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (inFlight is not null && !inFlight.TryEnter(context.ClientAddressBytes))
        {
            context.Outcome = QueryOutcome.Failed;
            context.Reason = "client has too many queries waiting on upstreams";
            return ValueTask.CompletedTask;
        }

        return ForwardAsync(context);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ForwardAsync(QueryContext context)
    {
        var queryBuffer = ArrayPool<byte>.Shared.Rent(UpstreamQuery.MaxBufferLength);
        try
        {
            var query = WriteQuery(context, queryBuffer);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();

            // The answer is received straight into the context's response buffer: the only copy left is the one
            // the finalizer makes into the transport's output. Nothing reads that buffer before the length is set.
            var result = await (context.ForwardTo ?? upstreams).ForwardAsync(query, context.ResponseArray, context.Aborted).ConfigureAwait(false);
            context.UpstreamElapsedTicks = System.Diagnostics.Stopwatch.GetTimestamp() - started;
            switch (result.Status)
            {
                case AttemptStatus.Answered:
                    Answered(context, result, QueryOutcome.Forwarded);
                    return;
                case AttemptStatus.ErrorAnswer:
                    Answered(context, result, QueryOutcome.Forwarded);
                    context.Reason = "every upstream answered SERVFAIL or REFUSED";
                    return;
                case AttemptStatus.Aborted:
                    context.Outcome = QueryOutcome.Failed;
                    context.Reason = "server stopping";
                    return;
                default:
                    context.Outcome = QueryOutcome.Failed;
                    context.Reason = "all upstreams failed";
                    context.ResponseLength = result.NetworkError
                        ? ErrorResponseWriter.WriteForName(context.Parsed, context.Name, DnsResponseCode.ServerFailure, InfoCodeNetworkError, "network error: no upstream reachable"u8, context.ResponseBuffer)
                        : ErrorResponseWriter.WriteForName(context.Parsed, context.Name, DnsResponseCode.ServerFailure, InfoCodeNoReachableAuthority, "no upstream reachable"u8, context.ResponseBuffer);
                    return;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(queryBuffer);
            inFlight?.Exit(context.ClientAddressBytes);
        }
    }

    private static void Answered(QueryContext context, in ForwardResult result, QueryOutcome outcome)
    {
        context.ResponseLength = result.Length;
        context.Outcome = outcome;
        context.Upstream = result.Upstream;
    }

    /// <summary>Writes the upstream query: the lookup name (the question's, or a safe-search target) with the client's type, class and DNSSEC bits.</summary>
    private static UpstreamQuery WriteQuery(QueryContext context, byte[] buffer)
    {
        ref readonly var parsed = ref context.Parsed;
        var length = UpstreamQueryWriter.Write(
            buffer.AsSpan(UpstreamQuery.PrefixLength),
            QueryIdGenerator.Next(),
            context.LookupName,
            parsed.QType,
            parsed.QClass,
            parsed.CheckingDisabled,
            parsed.DnssecOk,
            out var questionEnd);
        return new UpstreamQuery(buffer, length, questionEnd);
    }
}
