using System.Runtime;

namespace HomeFilter.Resolver.Reload.Compiled;

/// <summary>
/// Gives back what a build left behind. Parsing two million names allocates several times the finished trie
/// (arenas, tables, sort keys, strings), much of it on the large-object heap, which a normal collection neither
/// compacts nor returns; without this the process stays at its build high-water mark until memory pressure, for
/// days on a home server that reloads once a day.
/// </summary>
internal static class BuildGarbage
{
    // Long enough for queries in flight on the retired snapshot to finish, so its trie goes in the same pass.
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private static int _scheduled;

    /// <summary>Runs <see cref="Release"/> shortly, once however many builds ask in the meantime.</summary>
    public static void ReleaseSoon()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = Task.Delay(Delay, CancellationToken.None).ContinueWith(
                static _ =>
                {
                    Volatile.Write(ref _scheduled, 0);
                    Release();
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }
    }

    /// <summary>A full, blocking, compacting collection (large-object heap included) that also decommits the freed space.</summary>
    public static void Release()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        // Aggressive: compact everything and return the freed pages to the OS now, not at the GC's leisure.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // A retired trie's native block is freed by its finalizer: let it run, then collect what it released.
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
    }
}
