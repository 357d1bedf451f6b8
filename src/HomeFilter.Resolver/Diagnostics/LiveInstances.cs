namespace HomeFilter.Resolver.Diagnostics;

/// <summary>
/// The live instances of a component that observable instruments report on. The instruments sit on the process-wide
/// <see cref="ResolverMeter"/>, so they are created once per name and each collection combines the instances still
/// alive: a running program has one, tests start several side by side. One instrument per instance instead would
/// leave every earlier instance's instrument on the meter for good, and instruments of the same name overwrite each
/// other's values in a collection, so a scrape could show another, older instance's numbers instead of this one's.
/// Instances are held weakly (the meter must not keep a stopped server alive) and pruned when they are gone.
/// </summary>
internal sealed class LiveInstances<T>
    where T : class
{
    private readonly Lock _gate = new();
    private readonly List<WeakReference<T>> _instances = [];

    public void Add(T instance)
    {
        lock (_gate)
        {
            _instances.RemoveAll(static reference => !reference.TryGetTarget(out _));
            _instances.Add(new WeakReference<T>(instance));
        }
    }

    /// <summary>The instances alive now, oldest first (read on collection, never on the query path).</summary>
    public List<T> Alive()
    {
        var alive = new List<T>();
        lock (_gate)
        {
            foreach (var reference in _instances)
            {
                if (reference.TryGetTarget(out var instance))
                {
                    alive.Add(instance);
                }
            }
        }

        return alive;
    }

    /// <summary>The total of <paramref name="read"/> over the live instances: counters and sizes.</summary>
    public long Sum(Func<T, long> read)
    {
        long total = 0;
        foreach (var instance in Alive())
        {
            total += read(instance);
        }

        return total;
    }

    /// <summary>The highest <paramref name="read"/> over the live instances: generations, where a sum means nothing.</summary>
    public long Max(Func<T, long> read)
    {
        long highest = 0;
        foreach (var instance in Alive())
        {
            highest = Math.Max(highest, read(instance));
        }

        return highest;
    }
}
