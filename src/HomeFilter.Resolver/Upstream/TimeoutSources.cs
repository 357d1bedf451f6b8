using System.Collections.Concurrent;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// Reused cancellation sources for attempt timeouts, so an attempt that completes in time (the common case)
/// does not allocate a new source and timer. A source that fired cannot be reset and is dropped.
/// </summary>
internal static class TimeoutSources
{
    private const int MaxPooled = 256;
    private static readonly ConcurrentQueue<CancellationTokenSource> Pool = new();
    private static int s_pooled;

    public static CancellationTokenSource Rent(int timeoutMs)
    {
        if (Pool.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref s_pooled);
        }
        else
        {
            source = new CancellationTokenSource();
        }

        source.CancelAfter(timeoutMs);
        return source;
    }

    public static void Return(CancellationTokenSource source)
    {
        if (!source.TryReset())
        {
            source.Dispose();
            return;
        }

        if (Interlocked.Increment(ref s_pooled) <= MaxPooled)
        {
            Pool.Enqueue(source);
            return;
        }

        Interlocked.Decrement(ref s_pooled);
        source.Dispose();
    }
}
