using System.Diagnostics;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.RateLimit;

/// <summary>
/// Charges every query to its client's address and network buckets (limits of the client's group) and stops the
/// ones over the limit before anything else looks at them: not forwarded, not cached, not in the query log (they are
/// counted per client in <see cref="LimitedClients"/> and in <c>homefilter.ratelimit.limited</c> instead). Over UDP
/// they are dropped, REFUSED or TC'd by setting; over TCP always REFUSED. A client that has used more than half its
/// burst gets big UDP answers cut to 512 bytes with TC, so a spoofed source cannot turn it into an amplifier.
/// </summary>
/// <remarks>
/// It reads the snapshot and group settled at entry (<see cref="QueryContext.Settle"/>), like every stage.
/// </remarks>
public sealed class RateLimitStage(GroupLimits groups, ClientRateLimiter limiter, LimitedClients limited, RateLimitOptions options) : IQueryStage
{
    private const string LimitedReason = "rate limited";
    private readonly RateLimitAction _action = options.ParsedAction ?? RateLimitAction.Drop;

    public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var limits = groups.For(context.Snapshot.Policy, context.Group);
        if (limits.IsOff)
        {
            return next(context);
        }

        var now = context.StartTimestamp;
        switch (limiter.Check(context.ClientAddressBytes, limits, now))
        {
            case RateDecision.Allowed:
                return next(context);
            case RateDecision.AllowedHeavy:
                if (context.Transport == DnsTransportKind.Udp)
                {
                    context.MaxResponseSize = DnsWire.MinimumUdpSize;
                }

                return next(context);
            case RateDecision.LimitedAddress:
                Limit(context, LimitReason.Address);
                return ValueTask.CompletedTask;
            default:
                Limit(context, LimitReason.Network);
                return ValueTask.CompletedTask;
        }
    }

    private void Limit(QueryContext context, LimitReason reason)
    {
        RateLimitMetrics.Count(reason);
        limited.Record(PrefixKey.Address(context.ClientAddressBytes), reason);
        context.Outcome = QueryOutcome.RateLimited;
        context.Reason = LimitedReason;
        // A stream transport (TCP, TLS, HTTPS, QUIC) cannot be truncated to and a dropped query there only stalls the client.
        var action = context.Transport != DnsTransportKind.Udp ? RateLimitAction.Refused : _action;
        switch (action)
        {
            case RateLimitAction.Refused:
                context.ResponseLength = ErrorResponseWriter.Write(context.Query.Span, context.Parsed, questionValid: true, DnsResponseCode.Refused, context.ResponseBuffer);
                break;
            case RateLimitAction.Truncate:
                context.ResponseLength = ErrorResponseWriter.Write(context.Query.Span, context.Parsed, questionValid: true, DnsResponseCode.NoError, context.ResponseBuffer);
                context.ResponseBuffer[DnsWire.OffsetFlags] |= (byte)(DnsWire.FlagTc >> 8);
                break;
            default:
                // Nothing to send: the transport sends nothing for a rate-limited query without a response.
                context.ResponseLength = 0;
                break;
        }
    }
}
