using System.Numerics;
using System.Runtime.InteropServices;

namespace HomeFilter.Resolver.RateLimit;

/// <summary>
/// A fixed-size, open-addressed table of token buckets keyed by a prefix key (see <see cref="PrefixKey"/>), shared by
/// the receive threads without locks: each bucket is a key and one <c>long</c> (GCRA's theoretical arrival time),
/// both changed with compare-and-swap. Nothing is allocated after construction.
/// </summary>
/// <remarks>
/// <para>A bucket whose arrival time is in the past is full again, so it holds no information: it is stale and its
/// slot is free for another key as it is (the old time already reads as "full"). When a key finds neither its
/// bucket nor a free or stale slot among <see cref="ProbeLength"/> neighbours (only under a flood of many sources),
/// it takes the neighbour closest to full, so memory stays bounded and the busiest senders keep their buckets.</para>
/// <para>Races are benign by design: two threads inserting the same new key may briefly make two buckets (the spare
/// goes stale and is reused); a query charged to a bucket that is being handed to another key costs that key one
/// token. A rejected query writes nothing, so a flooding client does not bounce cache lines.</para>
/// </remarks>
public sealed class TokenBucketTable
{
    /// <summary>Slots looked at for a key: long enough for a well-spread table, short enough to stay in a cache line or two.</summary>
    public const int ProbeLength = 8;

    private readonly Slot[] _slots;
    private readonly int _mask;
    private readonly int _shift;

    public TokenBucketTable(int size)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(ProbeLength, size));
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        _shift = 64 - BitOperations.Log2((uint)capacity);
    }

    public int Capacity => _slots.Length;

    /// <summary>
    /// Takes one query's cost from <paramref name="key"/>'s bucket at time <paramref name="now"/>. Returns how far the
    /// bucket now runs ahead of <paramref name="now"/> (0 ≤ result ≤ capacity: the query is allowed), or -1 when the
    /// bucket has no room (nothing is charged).
    /// </summary>
    public long TryTake(ulong key, long now, long interval, long capacity)
    {
        ref var slot = ref Find(key, now);
        while (true)
        {
            var tat = Volatile.Read(ref slot.Tat);
            var next = Math.Max(tat, now) + interval;
            var ahead = next - now;
            if (ahead > capacity)
            {
                return -1;
            }

            if (Interlocked.CompareExchange(ref slot.Tat, next, tat) == tat)
            {
                return ahead;
            }
        }
    }

    /// <summary>How many slots hold a bucket that is not full at <paramref name="now"/> (for tests and the admin view).</summary>
    public int CountActive(long now)
    {
        var active = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i].Key) != 0 && Volatile.Read(ref _slots[i].Tat) > now)
            {
                active++;
            }
        }

        return active;
    }

    private ref Slot Find(ulong key, long now)
    {
        var start = (int)((key * 0x9E37_79B9_7F4A_7C15UL) >> _shift);
        for (var attempt = 0; ; attempt++)
        {
            var free = -1;
            var fullest = -1;
            var fullestTat = long.MaxValue;
            for (var i = 0; i < ProbeLength; i++)
            {
                var index = (start + i) & _mask;
                ref var slot = ref _slots[index];
                var current = Volatile.Read(ref slot.Key);
                if (current == key)
                {
                    return ref slot;
                }

                var tat = Volatile.Read(ref slot.Tat);
                if (free < 0 && (current == 0 || tat <= now))
                {
                    free = index;
                }
                else if (tat < fullestTat)
                {
                    fullestTat = tat;
                    fullest = index;
                }
            }

            var take = free >= 0 ? free : fullest;
            ref var chosen = ref _slots[take];
            var seen = Volatile.Read(ref chosen.Key);
            if (Interlocked.CompareExchange(ref chosen.Key, key, seen) == seen)
            {
                if (free < 0)
                {
                    // Taken from a live bucket: the new key starts full, not with the previous owner's debt.
                    Volatile.Write(ref chosen.Tat, 0);
                }

                return ref chosen;
            }

            if (attempt == 2)
            {
                // Lost three races in a row for a crowded neighbourhood: share the slot rather than spin.
                return ref chosen;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Slot
    {
        public ulong Key;
        public long Tat;
    }
}
