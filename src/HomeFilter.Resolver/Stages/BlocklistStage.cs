using System.Numerics;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Checks the question name against the category trie of the current rule snapshot and answers blocked names
/// itself. Sits above the cache, so blocking applies to cached names too and blocked answers are never cached.
/// </summary>
public sealed class BlocklistStage(RuleSnapshotHolder rules) : IQueryStage
{
    public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
    {
        var snapshot = rules.Current;
        var match = snapshot.Trie.Match(context.Name);
        var blocked = match.CategoryMask & snapshot.BlockedMask;
        if (blocked == 0)
        {
            return next(context);
        }

        var category = BitOperations.TrailingZeroCount(blocked);
        var length = BlockedAnswerWriter.Write(context.Query.Span, context.Parsed, snapshot.BlockReasonBytes[category], context.ResponseBuffer);
        context.ResponseLength = length;
        context.Outcome = QueryOutcome.Blocked;
        context.Reason = snapshot.BlockReasons[category];
        return ValueTask.CompletedTask;
    }
}
