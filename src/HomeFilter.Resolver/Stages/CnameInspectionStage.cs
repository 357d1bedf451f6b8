using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Blocks an answer whose CNAME (or DNAME) chain leads into a blocked domain — "CNAME cloaking", used by trackers
/// and some adult sites to hide behind an innocent name. Sits between the policy and the cache, so it judges
/// fresh and cached answers alike, per client group; the cache keeps the upstream's answer untouched.
/// </summary>
public sealed class CnameInspectionStage : IQueryStage
{
    private const ushort TypeDname = 39;
    private static readonly Action<QueryContext> InspectAnswer = Inspect;

    public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return StageContinuation.Then(next(context), context, InspectAnswer);
    }

    private static void Inspect(QueryContext context)
    {
        if (context.Outcome is not (QueryOutcome.Forwarded or QueryOutcome.Cached or QueryOutcome.Stale) ||
            context.ResponseLength == 0)
        {
            return;
        }

        var snapshot = context.Snapshot;
        var group = context.Group;
        var response = context.Response;
        if (response.Length < DnsWire.HeaderSize || DnsWire.ReadUInt16(response, DnsWire.OffsetAnCount) == 0 || !AnswerRecords.TryCreate(response, out var answers))
        {
            return;
        }

        Span<byte> name = stackalloc byte[DnsWire.MaxNameLength + 1];
        while (answers.MoveNext(out var record))
        {
            if (record.Type != DnsWire.TypeCname && record.Type != TypeDname)
            {
                continue;
            }

            var length = DnsNameExpander.ReadLower(response, record.RdataStart, name);
            if (length <= 0)
            {
                continue;
            }

            var decision = snapshot.Policy.DecideAnswerName(group, context.IdentityAddressBytes, name[..length], context.ArrivalUtcTicks);
            if (decision.IsBlocked)
            {
                context.Decision = decision;
                PolicyStage.Block(context, snapshot, group, decision, group.BlockAnswer, snapshot.BlockText(group, decision));
                return;
            }
        }
    }
}
