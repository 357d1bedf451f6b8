using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Resolver.Transport;

/// <summary>
/// One accepted client connection while it is open. Holds no message buffer: between messages it costs the
/// socket, this object and a 2-byte length prefix, so thousands of idle connections stay cheap.
/// </summary>
internal sealed class TcpConnection(Socket socket, IPAddress? remote)
{
    private const int Idle = 0;
    private const int Busy = 1;
    private const int Evicted = 2;

    private int _state;
    private long _idleSince = Stopwatch.GetTimestamp();

    public Socket Socket { get; } = socket;

    /// <summary>The client's address, read once when the connection was accepted.</summary>
    public IPAddress? Remote { get; } = remote;

    public TcpClientKey Client { get; } = TcpClientKey.From(remote);

    /// <summary>The TLS stream over <see cref="Socket"/> on a DoT connection, once the handshake is done; null on plain TCP.</summary>
    public System.Net.Security.SslStream? Tls { get; set; }

    /// <summary>The client ID of a DoT connection (from its SNI), read once after the handshake.</summary>
    public string? ClientId { get; set; }

    /// <summary>Receives the length prefix of the next message.</summary>
    public byte[] Prefix { get; } = new byte[2];

    /// <summary>The task serving this connection (awaited when the listener stops).</summary>
    public Task Serving { get; set; } = Task.CompletedTask;

    /// <summary>Set by <see cref="TcpConnectionTable"/> while the connection counts against the limits.</summary>
    public bool Counted { get; set; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the last answer was sent (or the connection opened).</summary>
    public long IdleSince => Volatile.Read(ref _idleSince);

    public bool IsIdle => Volatile.Read(ref _state) == Idle;

    public bool WasEvicted => Volatile.Read(ref _state) == Evicted;

    /// <summary>A complete message has arrived: from now until its answer is sent, the connection is not evictable.</summary>
    public bool TryBeginMessage() => Interlocked.CompareExchange(ref _state, Busy, Idle) == Idle;

    /// <summary>The answer was sent: waiting for the next message.</summary>
    public void EndMessage()
    {
        Volatile.Write(ref _idleSince, Stopwatch.GetTimestamp());
        Interlocked.CompareExchange(ref _state, Idle, Busy);
    }

    /// <summary>Claims an idle connection for eviction; false when it has just started on a message.</summary>
    public bool TryMarkEvicted() => Interlocked.CompareExchange(ref _state, Evicted, Idle) == Idle;

    /// <summary>
    /// Ends the connection from another thread: a shutdown wakes its pending receive (which then reads the end of
    /// the stream) and tells the client with a FIN. The serving task disposes the socket.
    /// </summary>
    public void Close()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closing.
        }
    }
}
