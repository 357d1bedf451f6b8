using System.Threading.Channels;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// Connections to one TCP or TLS upstream, reused across queries (RFC 7766 §6.2.1; the handshake is the
/// expensive part of DoT). Idle connections wait in a bounded channel, as in Npgsql's PoolingDataSource;
/// a semaphore bounds the connections in use. One query at a time per connection (no pipelining): simple,
/// and with a few idle connections kept warm the handshake cost is still paid rarely.
/// </summary>
internal sealed class ConnectionPool : IAsyncDisposable
{
    private readonly IStreamConnector _connector;
    private readonly Channel<PooledConnection> _idle;
    private readonly SemaphoreSlim _slots;
    private readonly long _idleTimeoutMs;
    private int _disposed;

    public ConnectionPool(IStreamConnector connector, int maxConnections, int maxIdle, int idleTimeoutMs)
    {
        _connector = connector;
        _idle = Channel.CreateBounded<PooledConnection>(new BoundedChannelOptions(Math.Max(1, maxIdle))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
        _idleTimeoutMs = maxIdle == 0 ? 0 : idleTimeoutMs;
    }

    /// <summary>An idle connection that is recent enough, or a new one. Waiting for a free slot counts against the caller's timeout.</summary>
    public async ValueTask<PooledConnection> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_idle.Reader.TryRead(out var idle))
            {
                if (Environment.TickCount64 - idle.IdleSinceMs < _idleTimeoutMs)
                {
                    return idle;
                }

                await idle.Stream.DisposeAsync().ConfigureAwait(false);
            }

            var stream = await _connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return new PooledConnection(stream);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Puts a connection that completed its exchange back for the next query.</summary>
    public void Return(PooledConnection connection)
    {
        connection.Uses++;
        connection.IdleSinceMs = Environment.TickCount64;
        if (Volatile.Read(ref _disposed) != 0 || _idleTimeoutMs == 0 || !_idle.Writer.TryWrite(connection))
        {
            connection.Stream.Dispose();
        }

        _slots.Release();
    }

    /// <summary>Closes a connection whose state is unknown (error, timeout, cancellation).</summary>
    public void Discard(PooledConnection connection)
    {
        connection.Stream.Dispose();
        _slots.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _idle.Writer.TryComplete();
        while (_idle.Reader.TryRead(out var idle))
        {
            await idle.Stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
