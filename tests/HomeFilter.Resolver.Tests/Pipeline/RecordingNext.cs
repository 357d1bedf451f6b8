using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Pipeline;

/// <summary>
/// Stands in for the rest of the pipeline below a stage: counts its calls, notes what the context looked like when it
/// was called, and answers as told — with a message and an outcome, with an outcome only, later (until
/// <see cref="Complete"/>), or by throwing.
/// </summary>
internal sealed class RecordingNext(byte[]? response = null, QueryOutcome outcome = QueryOutcome.Forwarded)
{
    private TaskCompletionSource? _later;

    public int Calls { get; private set; }

    /// <summary>The lookup name (wire format) the stage passed on.</summary>
    public byte[] LookupName { get; private set; } = [];

    /// <summary>The cache key bytes the stage passed on.</summary>
    public byte[] CacheKey { get; private set; } = [];

    /// <summary>The outcome when called (a stage above must not have answered).</summary>
    public QueryOutcome OutcomeSeen { get; private set; }

    /// <summary>Thrown when called, instead of answering.</summary>
    public Exception? Failure { get; init; }

    /// <summary>Answer only when <see cref="Complete"/> is called, like a query waiting on an upstream.</summary>
    public bool Later { get; init; }

    public ValueTask Invoke(QueryContext context)
    {
        Calls++;
        LookupName = context.LookupName.ToArray();
        CacheKey = context.CacheKey.Bytes.ToArray();
        OutcomeSeen = context.Outcome;
        if (Failure is not null)
        {
            throw Failure;
        }

        if (!Later)
        {
            Answer(context);
            return ValueTask.CompletedTask;
        }

        _later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new ValueTask(AnswerLaterAsync(context, _later.Task));
    }

    /// <summary>Lets a <see cref="Later"/> call answer.</summary>
    public void Complete() => (_later ?? throw new InvalidOperationException("next was not called")).SetResult();

    private async Task AnswerLaterAsync(QueryContext context, Task gate)
    {
        await gate;
        Answer(context);
    }

    private void Answer(QueryContext context)
    {
        if (response is not null)
        {
            context.SetResponse(response, outcome);
        }
        else
        {
            context.Outcome = outcome;
        }
    }
}
