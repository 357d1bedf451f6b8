namespace HomeFilter.Resolver.Pipeline;

/// <summary>
/// "Let the rest of the pipeline answer, then look at the answer", for stages that act on the way back (cache,
/// CNAME inspection, query log). When the rest completed synchronously (a cache hit, a block) the follow-up runs
/// inline with no state machine; only a query still waiting on an upstream gets one.
/// </summary>
internal static class StageContinuation
{
    /// <param name="pending">What the rest of the pipeline returned.</param>
    /// <param name="context">The query.</param>
    /// <param name="after">The follow-up; pass a cached delegate, not a new lambda per query.</param>
    /// <param name="evenOnFailure">Run the follow-up when the rest threw too (the query log records failures).</param>
    public static ValueTask Then(ValueTask pending, QueryContext context, Action<QueryContext> after, bool evenOnFailure = false)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            return evenOnFailure ? AfterAlwaysAsync(pending, context, after) : AfterAsync(pending, context, after);
        }

        pending.GetAwaiter().GetResult();
        after(context);
        return ValueTask.CompletedTask;
    }

    private static async ValueTask AfterAsync(ValueTask pending, QueryContext context, Action<QueryContext> after)
    {
        await pending.ConfigureAwait(false);
        after(context);
    }

    private static async ValueTask AfterAlwaysAsync(ValueTask pending, QueryContext context, Action<QueryContext> after)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        finally
        {
            after(context);
        }
    }
}
