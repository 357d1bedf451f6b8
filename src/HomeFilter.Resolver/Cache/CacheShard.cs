namespace HomeFilter.Resolver.Cache;

/// <summary>
/// One slice of the cache with its own lock, dictionary and CLOCK ring. Lookups only try the lock and
/// give up under contention (as dnsdist's packet cache does): a skipped lookup costs an upstream query,
/// a waiting one would stall every query behind an insert.
/// </summary>
internal sealed class CacheShard
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CacheKey, CacheEntry> _entries;
    private readonly Dictionary<CacheKey, CacheEntry>.AlternateLookup<CacheKeyProbe> _lookup;
    private readonly long _budget;
    private CacheEntry?[] _clock = new CacheEntry?[16];
    private int _count;
    private int _hand;
    private long _bytes;

    // Counters live here, spread over the shards, so concurrent hits do not all fight over one cache line.
    private long _hits;
    private long _misses;
    private long _staleServed;
    private long _evictions;
    private long _skipped;

    public CacheShard(long budget)
    {
        _budget = budget;
        _entries = new Dictionary<CacheKey, CacheEntry>(CacheKeyComparer.Instance);
        _lookup = _entries.GetAlternateLookup<CacheKeyProbe>();
    }

    public long Budget => _budget;

    public int Count => Volatile.Read(ref _count);

    public long Bytes => Volatile.Read(ref _bytes);

    public long Hits => Volatile.Read(ref _hits);

    public long Misses => Volatile.Read(ref _misses);

    public long StaleServed => Volatile.Read(ref _staleServed);

    public long Evictions => Volatile.Read(ref _evictions);

    public long Skipped => Volatile.Read(ref _skipped);

    public void CountHit() => Interlocked.Increment(ref _hits);

    public void CountMiss() => Interlocked.Increment(ref _misses);

    public void CountStale() => Interlocked.Increment(ref _staleServed);

    /// <summary>Finds an entry; null when absent or when the lock is busy (counted as skipped).</summary>
    public CacheEntry? Find(scoped in CacheKeyProbe probe)
    {
        if (!_gate.TryEnter())
        {
            Interlocked.Increment(ref _skipped);
            return null;
        }

        try
        {
            return _lookup.TryGetValue(probe, out var entry) ? entry : null;
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Adds or replaces the entry for its key, then evicts until the shard fits its budget.</summary>
    public void Store(CacheEntry entry, long now)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Key, out var previous))
            {
                RemoveFromClock(previous);
                _bytes -= previous.Size;
            }

            _entries[entry.Key] = entry;
            AddToClock(entry);
            _bytes += entry.Size;
            EvictOverBudget(entry, now);
        }
    }

    /// <summary>Removes the entry if it is still the one stored for its key.</summary>
    public void Remove(CacheEntry entry)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry))
            {
                Evict(entry);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            Array.Clear(_clock);
            _count = 0;
            _hand = 0;
            _bytes = 0;
        }
    }

    /// <summary>
    /// CLOCK (second chance): entries past their stale window go first; a referenced entry has its bit
    /// cleared and is passed over once. The entry just stored is never its own victim.
    /// </summary>
    private void EvictOverBudget(CacheEntry keep, long now)
    {
        // Two full turns clear every reference bit, so this bound is never the reason the loop ends early.
        var steps = (2 * _count) + 2;
        while (_bytes > _budget && _count > 1 && steps-- > 0)
        {
            if (_hand >= _count)
            {
                _hand = 0;
            }

            var candidate = _clock[_hand]!;
            var dead = now - candidate.InsertedTimestamp >= candidate.StaleTicks;
            if (!ReferenceEquals(candidate, keep) && (dead || !candidate.Referenced))
            {
                Evict(candidate);
                continue;
            }

            candidate.Referenced = false;
            _hand++;
        }
    }

    private void Evict(CacheEntry entry)
    {
        _entries.Remove(entry.Key);
        RemoveFromClock(entry);
        _bytes -= entry.Size;
        _evictions++;
    }

    private void AddToClock(CacheEntry entry)
    {
        if (_count == _clock.Length)
        {
            Array.Resize(ref _clock, _clock.Length * 2);
        }

        entry.ClockIndex = _count;
        _clock[_count++] = entry;
    }

    private void RemoveFromClock(CacheEntry entry)
    {
        // Swap the last entry into the hole: O(1), and CLOCK does not depend on exact order.
        var index = entry.ClockIndex;
        var last = _clock[--_count]!;
        _clock[index] = last;
        last.ClockIndex = index;
        _clock[_count] = null;
    }
}
