namespace HomeFilter.Rules.Trie;

/// <summary>Counts the bytes of the large buffers a build holds, to report its peak exactly.</summary>
internal sealed class MemoryTracker
{
    /// <summary>Array header on 64-bit .NET: method table, sync block and length.</summary>
    public const int ArrayOverhead = 24;

    public long Current { get; private set; }

    public long Peak { get; private set; }

    public void Allocated(long bytes)
    {
        Current += bytes + ArrayOverhead;
        if (Current > Peak)
        {
            Peak = Current;
        }
    }

    public void Released(long bytes) => Current -= bytes + ArrayOverhead;
}
