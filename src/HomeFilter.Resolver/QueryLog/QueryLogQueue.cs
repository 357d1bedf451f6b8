using System.Collections.Concurrent;
using System.Threading.Channels;

namespace HomeFilter.Resolver.QueryLog;

/// <summary>
/// The bounded hand-off between the DNS path and the log writer. <see cref="Rent"/> and <see cref="TryWrite"/>
/// never wait: when the writer falls behind, the entry is dropped and counted (<see cref="Dropped"/>, metric
/// <c>homefilter.querylog.dropped</c>), because DNS never waits on the log. Entries are pooled: the reader
/// returns each one with <see cref="Return"/> once stored.
/// </summary>
public sealed class QueryLogQueue
{
    private readonly Channel<QueryLogEntry> _channel;
    private readonly ConcurrentQueue<QueryLogEntry> _pool = new();
    private readonly int _capacity;
    private long _dropped;
    private long _written;

    public QueryLogQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _channel = Channel.CreateBounded<QueryLogEntry>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once instead of waiting
            AllowSynchronousContinuations = false,
        });
        QueryLogMetrics.Register(this);
    }

    /// <summary>How many entries the queue holds at most.</summary>
    public int Capacity => _capacity;

    /// <summary>Entries dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Entries accepted, since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Entries waiting for the writer.</summary>
    public int Pending => _channel.Reader.Count;

    public ChannelReader<QueryLogEntry> Reader => _channel.Reader;

    /// <summary>A cleared entry to fill, from the pool (allocates only until the pool is warm).</summary>
    public QueryLogEntry Rent() => _pool.TryDequeue(out var entry) ? entry : new QueryLogEntry();

    /// <summary>Queues a filled entry; when full, drops it, counts it and returns it to the pool.</summary>
    public bool TryWrite(QueryLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_channel.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _written);
            return true;
        }

        Interlocked.Increment(ref _dropped);
        QueryLogMetrics.Drop();
        Return(entry);
        return false;
    }

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
}
