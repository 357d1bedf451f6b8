namespace HomeFilter.Resolver.Cache;

/// <summary>
/// One cached upstream answer: the message bytes as received (never modified after insertion, so
/// readers copy them without a lock), where its TTLs sit, and when it stops being fresh and stale.
/// </summary>
internal sealed class CacheEntry(CacheKey key, byte[] message, ushort[] ttlOffsets, long insertedTimestamp, uint lifetimeSeconds, long freshTicks, long staleTicks)
{
    /// <summary>Rough cost of the objects around the bytes (entry, arrays, dictionary slot), counted against MaxBytes.</summary>
    public const int Overhead = 192;

    public CacheKey Key { get; } = key;

    public byte[] Message { get; } = message;

    public ushort[] TtlOffsets { get; } = ttlOffsets;

    public long InsertedTimestamp { get; } = insertedTimestamp;

    public uint LifetimeSeconds { get; } = lifetimeSeconds;

    /// <summary>Timestamp ticks after insertion during which the entry is fresh.</summary>
    public long FreshTicks { get; } = freshTicks;

    /// <summary>Timestamp ticks after insertion during which the entry may still be served stale.</summary>
    public long StaleTicks { get; } = staleTicks;

    public int Size => Overhead + Key.Bytes.Length + Message.Length + (TtlOffsets.Length * sizeof(ushort));

    /// <summary>Position in the shard's CLOCK ring (guarded by the shard lock).</summary>
    public int ClockIndex { get; set; }

    /// <summary>CLOCK reference bit: set by hits without the lock (a lost write only costs a second chance).</summary>
    public bool Referenced { get; set; }
}
