namespace HomeFilter.Testing;

/// <summary>Whether code allocates on the managed heap, measured on the calling thread.</summary>
public static class Allocations
{
    /// <summary>
    /// Bytes the calling thread allocates while running <paramref name="action"/> <paramref name="times"/> times
    /// (with 0 … times − 1): the fewest of three rounds, after a warm-up round. The runtime itself allocates on the
    /// calling thread now and then (a method tiered up, a type loaded) in whichever round it happens to be; an
    /// allocation by the code measured shows in every round.
    /// </summary>
    public static long Fewest(int times, Action<int> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (var i = 0; i < times; i++)
        {
            action(i);
        }

        var fewest = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < times; i++)
            {
                action(i);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
