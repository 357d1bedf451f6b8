using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Answers local names and applies the policy of the client's group to the question: block (in the
/// group's block mode), NXDOMAIN for bypass signals, safe-search rewrite, or pass on (with the conditional-forward
/// servers when a forward zone covers the name). Uses the snapshot and group settled at entry. Sits above the cache,
/// so a cached name that becomes blocked is blocked at once, and our own answers never enter the shared cache.
/// </summary>
public sealed class PolicyStage : IQueryStage
{
    private const string LocalReason = "local record";
    private const string NoListReason = "refused: a blocked category has no list loaded";
    private static readonly byte[] BypassText = "blocked: bypass"u8.ToArray();
    private static readonly byte[] NoListText = "refused: category list not loaded"u8.ToArray();

    public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var snapshot = context.Snapshot;
        var group = context.Group;
        if (snapshot.Local.TryGet(context.Name, out var local))
        {
            context.ResponseLength = LocalAnswerWriter.Write(context.Query.Span, context.Parsed, local, context.ResponseBuffer);
            context.Outcome = QueryOutcome.Local;
            context.Authoritative = true;
            context.Reason = LocalReason;
            return ValueTask.CompletedTask;
        }

        // A per-client override follows the identified client (a trusted forwarder's ECS address), like its group.
        var decision = snapshot.Policy.Decide(group, context.IdentityAddressBytes, context.Name, context.ArrivalUtcTicks);
        context.Decision = decision;
        switch (decision.Action)
        {
            case PolicyAction.Block:
                Block(context, snapshot, group, decision, group.BlockAnswer, snapshot.BlockText(group, decision));
                return ValueTask.CompletedTask;
            case PolicyAction.NxDomain:
                Block(context, snapshot, group, decision, BlockAnswer.NxDomain, BypassText);
                return ValueTask.CompletedTask;
            case PolicyAction.Rewrite:
                // The safe host is resolved by the rest of the chain, like any question; its answer is then
                // rewritten into the client's (question → CNAME → safe host → its records).
                context.RedirectTo(snapshot.SafeSearchTargetNames[decision.RewriteTarget]);
                return StageContinuation.Then(next(context), context, SafeSearchRewriter.RewriteAnswer);
            default:
                if (RefusedForMissingList(snapshot, group, decision))
                {
                    // Fail closed by choice (HomeFilter:Lists:WhenCategoryHasNoList=refuse): without the list, a name of
                    // that category cannot be told from any other, so nothing but the policy's allow names gets through.
                    context.ResponseLength = BlockedAnswerWriter.Write(context.Query.Span, context.Parsed, BlockAnswer.Refused, NoListText, context.ResponseBuffer);
                    context.Outcome = QueryOutcome.Blocked;
                    context.Reason = NoListReason;
                    return ValueTask.CompletedTask;
                }

                if (decision.Source == DecisionSource.Override)
                {
                    // A pause or a reward lets the query through: the log says which (a string made once per policy).
                    context.Reason = snapshot.Policy.RuleLabel(group, decision);
                }

                context.ForwardTo = snapshot.Forward.Find(context.Name);
                return next(context);
        }
    }

    private static bool RefusedForMissingList(RuleSnapshot snapshot, GroupPolicy group, in PolicyDecision decision) =>
        snapshot.RefuseMissingCategories
        && (group.BlockMask & snapshot.MissingCategories) != 0
        && decision.Source is not (DecisionSource.Allow or DecisionSource.Override);

    /// <summary>Writes a block answer for the question (also used when a CNAME target turns out blocked).</summary>
    internal static void Block(QueryContext context, RuleSnapshot snapshot, GroupPolicy group, in PolicyDecision decision, BlockAnswer mode, ReadOnlySpan<byte> text)
    {
        context.ResponseLength = BlockedAnswerWriter.Write(context.Query.Span, context.Parsed, mode, text, context.ResponseBuffer);
        context.Outcome = QueryOutcome.Blocked;
        context.Reason = snapshot.Policy.RuleLabel(group, decision);
    }
}
