namespace HomeFilter.Resolver.RateLimit;

/// <summary>
/// A small fixed table of the clients (address keys) most recently limited, with how often and when last, for the
/// admin API. Lock-free and allocation-free to update; when full, the entry limited longest ago makes room.
/// </summary>
public sealed class LimitedClients
{
    public const int Size = 64;
    private const int ProbeLength = 8;
    private readonly Entry[] _entries = new Entry[Size];
    private readonly TimeProvider _time;
    private long _total;

    public LimitedClients(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Queries limited since start, every client and reason together.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Counts one limited query of the client with address key <paramref name="key"/>.</summary>
    public void Record(ulong key, LimitReason reason)
    {
        Interlocked.Increment(ref _total);
        var now = _time.GetUtcNow().UtcTicks;
        var start = (int)((key * 0x9E37_79B9_7F4A_7C15UL) >> 58);
        var oldest = -1;
        var oldestTicks = long.MaxValue;
        for (var i = 0; i < ProbeLength; i++)
        {
            var index = (start + i) & (Size - 1);
            ref var entry = ref _entries[index];
            var current = Volatile.Read(ref entry.Key);
            if (current == key)
            {
                Update(ref entry, reason, now);
                return;
            }

            var last = current == 0 ? 0 : Volatile.Read(ref entry.LastUtcTicks);
            if (last < oldestTicks)
            {
                oldestTicks = last;
                oldest = index;
            }
        }

        ref var taken = ref _entries[oldest];
        var seen = Volatile.Read(ref taken.Key);
        if (Interlocked.CompareExchange(ref taken.Key, key, seen) == seen)
        {
            Volatile.Write(ref taken.Count, 0);
            Volatile.Write(ref taken.Address, 0);
            Volatile.Write(ref taken.Network, 0);
            Volatile.Write(ref taken.InFlight, 0);
            Update(ref taken, reason, now);
        }
    }

    /// <summary>The clients in the table, most limited first.</summary>
    public List<LimitedClient> Snapshot()
    {
        var result = new List<LimitedClient>(Size);
        for (var i = 0; i < Size; i++)
        {
            ref var entry = ref _entries[i];
            var key = Volatile.Read(ref entry.Key);
            var count = Volatile.Read(ref entry.Count);
            if (key == 0 || count == 0)
            {
                continue;
            }

            result.Add(new LimitedClient(
                PrefixKey.FormatAddress(key),
                count,
                Volatile.Read(ref entry.Address),
                Volatile.Read(ref entry.Network),
                Volatile.Read(ref entry.InFlight),
                new DateTimeOffset(Volatile.Read(ref entry.LastUtcTicks), TimeSpan.Zero)));
        }

        result.Sort(static (a, b) => b.Count.CompareTo(a.Count));
        return result;
    }

    private static void Update(ref Entry entry, LimitReason reason, long now)
    {
        Interlocked.Increment(ref entry.Count);
        switch (reason)
        {
            case LimitReason.Address:
                Interlocked.Increment(ref entry.Address);
                break;
            case LimitReason.Network:
                Interlocked.Increment(ref entry.Network);
                break;
            default:
                Interlocked.Increment(ref entry.InFlight);
                break;
        }

        Volatile.Write(ref entry.LastUtcTicks, now);
    }

    private struct Entry
    {
        public ulong Key;
        public long Count;
        public long Address;
        public long Network;
        public long InFlight;
        public long LastUtcTicks;
    }
}

/// <summary>Why a query was limited.</summary>
public enum LimitReason : byte
{
    /// <summary>Over the address's (IPv4 /32, IPv6 /64) rate.</summary>
    Address,

    /// <summary>Over the network's (IPv4 /24, IPv6 /56) rate.</summary>
    Network,

    /// <summary>Too many of the address's queries already waiting on upstreams.</summary>
    InFlight,
}

/// <summary>One row of <see cref="LimitedClients.Snapshot"/>.</summary>
public sealed record LimitedClient(string Client, long Count, long ByAddress, long ByNetwork, long ByInFlight, DateTimeOffset LastUtc);
