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
    // First when queries in flight on the retired snapshot have finished, so its trie goes in the same pass;
    // again when the loader lets go of a retired snapshot it kept for its forward zones.
    private static readonly TimeSpan First = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(32);
    private static int _scheduled;

    /// <summary>Runs <see cref="Release"/> shortly and once more later, once however many builds ask in the meantime.</summary>
    public static void ReleaseSoon()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = Task.Run(ReleaseLaterAsync);
        }
    }

    private static async Task ReleaseLaterAsync()
    {
        await Task.Delay(First).ConfigureAwait(false);
        Volatile.Write(ref _scheduled, 0);
        Release();
        await Task.Delay(Second - First).ConfigureAwait(false);
        Release();
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
        NativeHeap.Trim();
    }
}
