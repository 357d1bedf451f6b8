using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Pipeline;

/// <summary>
/// The composed chain of stages, built once. The end of the chain answers SERVFAIL-worthy
/// "nobody answered" by leaving the outcome as <see cref="QueryOutcome.Failed"/>.
/// </summary>
public sealed class QueryPipeline
{
    private readonly QueryHandler _entry;

    public QueryPipeline(IReadOnlyList<IQueryStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        QueryHandler next = static context =>
        {
            // Like CoreDNS NextOrFailure: falling off the end means no stage could answer.
            context.Outcome = QueryOutcome.Failed;
            context.Reason ??= "no stage answered";
            return ValueTask.CompletedTask;
        };
        for (var i = stages.Count - 1; i >= 0; i--)
        {
            var stage = stages[i];
            var following = next;
            next = context => stage.InvokeAsync(context, following);
        }

        _entry = next;
        Stages = stages;
    }

    public IReadOnlyList<IQueryStage> Stages { get; }

    public ValueTask ExecuteAsync(QueryContext context) => _entry(context);
}
