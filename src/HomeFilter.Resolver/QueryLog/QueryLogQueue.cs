using System.Collections.Concurrent;
using System.Threading.Channels;

namespace HomeFilter.Resolver.QueryLog;

/// <summary>
/// The bounded hand-off between the DNS path and the log writer. <see cref="Rent"/> and <see cref="TryWrite"/>
/// never wait: when the writer falls behind, an entry is dropped, counted (<see cref="Dropped"/>, metric
/// <c>homefilter.querylog.dropped</c>) and recorded as a gap (<see cref="Gaps"/>), because DNS never waits on the log.
/// <para>
/// Fair to bystanders: once the queue is half full, a client that already has a large share of it waiting
/// (<see cref="HeavyShare"/>) is dropped first, and a light client (<see cref="LightShare"/> or fewer waiting) may
/// still use a reserve beyond the capacity. So one device flooding the resolver loses its own entries, not its
/// neighbours'. Clients are counted in a fixed table by address hash (no allocation per query); two clients that
/// share a slot share a share.
/// </para>
/// Entries are pooled: the reader returns each one with <see cref="Return"/> once stored.
/// </summary>
public sealed unsafe class QueryLogQueue
{
    private const int ClientSlots = 16_384;

    private readonly Channel<QueryLogEntry> _channel;
    private readonly ConcurrentQueue<QueryLogEntry> _pool = new();
    private readonly int[] _waitingByClient = new int[ClientSlots];
    private readonly int _capacity;
    private readonly int _half;
    private readonly long[] _ownCounters = GC.AllocateArray<long>(2, pinned: true);
    private long* _accepted;
    private long* _lastArrival;
    private QueryLogJournal? _journal;
    private int _pending;
    private long _dropped;

    public QueryLogQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _half = Math.Max(1, capacity / 2);
        HeavyShare = Math.Max(1, capacity / 8);
        LightShare = Math.Min(capacity, Math.Max(16, capacity / 256));
        Reserve = Math.Max(LightShare, capacity / 4);
        _channel = Channel.CreateBounded<QueryLogEntry>(new BoundedChannelOptions(capacity + Reserve)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once instead of waiting
            AllowSynchronousContinuations = false,
        });

        // Counted here until a crash journal is attached (then in its mapping, so a crash leaves the count behind).
        fixed (long* own = _ownCounters)
        {
            // Pinned for the queue's lifetime: the pointer stays valid.
            _accepted = own;
            _lastArrival = own + 1;
        }
        QueryLogMetrics.Register(this);
    }

    /// <summary>How many entries the queue holds for any client; light clients may use <see cref="Reserve"/> more.</summary>
    public int Capacity => _capacity;

    /// <summary>Once the queue is half full, a client with this many entries waiting is dropped.</summary>
    public int HeavyShare { get; }

    /// <summary>A client with at most this many entries waiting is never dropped while the reserve lasts.</summary>
    public int LightShare { get; }

    /// <summary>Room beyond <see cref="Capacity"/> kept for light clients.</summary>
    public int Reserve { get; }

    /// <summary>Entries dropped because the queue was full (or the client's share of it), since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Entries accepted in this run.</summary>
    public long Written => Volatile.Read(ref *_accepted);

    /// <summary>Entries waiting for the writer.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Dropped entries per client and time span, for the writer to store as gaps.</summary>
    public QueryLogGaps Gaps { get; } = new();

    /// <summary>
    /// Counts accepted entries into <paramref name="journal"/> from now on, so a crash leaves the count behind.
    /// Call once, before traffic (the writer does it at start).
    /// </summary>
    public void AttachJournal(QueryLogJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        *journal.AcceptedCounter = Volatile.Read(ref *_accepted);
        _journal = journal; // keeps the mapping alive as long as the queue counts into it
        _lastArrival = journal.LastArrival;
        _accepted = journal.AcceptedCounter;
    }

    /// <summary>A cleared entry to fill, from the pool (allocates only until the pool is warm).</summary>
    public QueryLogEntry Rent() => _pool.TryDequeue(out var entry) ? entry : new QueryLogEntry();

    /// <summary>Queues a filled entry; when the client may not add more, drops it, counts it as a gap and returns it to the pool.</summary>
    public bool TryWrite(QueryLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var slot = SlotOf(entry.ClientAddress);
        var waiting = Volatile.Read(ref _waitingByClient[slot]);
        var pending = Volatile.Read(ref _pending);
        var admitted = pending < _half
            || (pending < _capacity && waiting < HeavyShare)
            || waiting < LightShare;
        if (admitted)
        {
            entry.FairnessSlot = slot;
            Interlocked.Increment(ref _waitingByClient[slot]);
            Interlocked.Increment(ref _pending);
            if (_channel.Writer.TryWrite(entry))
            {
                Interlocked.Increment(ref *_accepted);
                Volatile.Write(ref *_lastArrival, entry.TimeUtc.Ticks);
                return true;
            }

            Interlocked.Decrement(ref _waitingByClient[slot]);
            Interlocked.Decrement(ref _pending);
        }

        Interlocked.Increment(ref _dropped);
        QueryLogMetrics.Drop();
        Gaps.Record(entry.ClientAddress, entry.TimeUtc.Ticks);
        Return(entry);
        return false;
    }

    /// <summary>Takes the next waiting entry (single reader: the writer).</summary>
    public bool TryRead(out QueryLogEntry entry)
    {
        if (!_channel.Reader.TryRead(out entry!))
        {
            return false;
        }

        Interlocked.Decrement(ref _waitingByClient[entry.FairnessSlot]);
        Interlocked.Decrement(ref _pending);
        return true;
    }

    /// <summary>Waits until an entry can be read; false once <see cref="Complete"/> was called and everything was read.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Gives a stored (or dropped) entry back for reuse.</summary>
    public void Return(QueryLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Reset();
        if (_pool.Count < _capacity)
        {
            _pool.Enqueue(entry);
        }
    }

    /// <summary>No more entries will come (server stopping); the reader drains what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private static int SlotOf(ReadOnlySpan<byte> address)
    {
        // FNV-1a over the address bytes: cheap and spreads neighbouring addresses.
        var hash = 2166136261u;
        foreach (var b in address)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & (ClientSlots - 1));
    }
}
