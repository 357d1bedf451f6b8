using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HomeFilter.Resolver.Configuration;
using HomeFilter.Resolver.Pipeline;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Transport;

/// <summary>
/// DNS over TCP (RFC 7766): length-prefixed messages, several per connection, answered in order.
/// A client that goes quiet, sends garbage or exceeds the connection limit is cut off, so a slow or
/// hostile client cannot hold resources.
/// </summary>
public sealed class TcpDnsListener : IAsyncDisposable
{
    private const int MinimumMessage = 12;
    private static readonly KeyValuePair<string, object?> TcpTag = new("transport", "tcp");

    private readonly IQueryProcessor _processor;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly int _maxConnections;
    private readonly TransportSlotPool _pool;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<Socket, Task> _connections = [];
    private Socket? _socket;
    private Task? _acceptLoop;

    public TcpDnsListener(IPEndPoint endpoint, IQueryProcessor processor, DnsOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Endpoint = endpoint;
        _processor = processor;
        _logger = logger;
        _idleTimeout = TimeSpan.FromMilliseconds(Math.Max(100, options.TcpIdleTimeoutMs));
        _maxConnections = Math.Max(1, options.TcpMaxConnections);
        _pool = new TransportSlotPool(QueryContext.MaxMessageSize, QueryContext.MaxMessageSize + 2, maxIdle: 32);
    }

    public IPEndPoint Endpoint { get; private set; }

    /// <summary>Number of open client connections.</summary>
    public int OpenConnections
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Binds and listens. Throws <see cref="SocketException"/> when the address cannot be used.</summary>
    public void Bind()
    {
        var socket = ListenSocket.Bind(Endpoint, SocketType.Stream, ProtocolType.Tcp, static s =>
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true));
        try
        {
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        Endpoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public void Start()
    {
        _acceptLoop = Task.Run(AcceptLoopAsync);
        TransportLog.Listening(_logger, "tcp", Endpoint);
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _socket!;
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                TransportLog.ReceiveError(_logger, Endpoint, e.SocketErrorCode.ToString());
                continue;
            }

            lock (_connections)
            {
                if (_connections.Count >= _maxConnections)
                {
                    TransportMetrics.CloseTcp("connection-limit");
                    client.Dispose();
                    continue;
                }

                client.NoDelay = true;
                _connections[client] = Task.CompletedTask;
            }

            var connection = Task.Run(() => ServeConnectionAsync(client));
            lock (_connections)
            {
                if (_connections.ContainsKey(client))
                {
                    _connections[client] = connection;
                }
            }
        }
    }

    private async Task ServeConnectionAsync(Socket client)
    {
        var slot = _pool.Rent();
        var reason = "client closed";
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            var remote = client.RemoteEndPoint as IPEndPoint;
            while (true)
            {
                idle.CancelAfter(_idleTimeout);
                if (!await ReceiveExactlyAsync(client, slot.Receive.AsMemory(0, 2), idle.Token).ConfigureAwait(false))
                {
                    break;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(slot.Receive);
                if (length < MinimumMessage)
                {
                    reason = "message shorter than a DNS header";
                    TransportMetrics.CloseTcp("garbage");
                    break;
                }

                if (!await ReceiveExactlyAsync(client, slot.Receive.AsMemory(0, length), idle.Token).ConfigureAwait(false))
                {
                    reason = "closed mid-message";
                    break;
                }

                TransportMetrics.Received.Add(1, TcpTag);
                var context = slot.Context;
                context.Reset();
                context.Query = slot.Receive.AsMemory(0, length);
                if (remote is not null)
                {
                    context.ClientAddress = remote.Address;
                }

                context.Transport = DnsTransportKind.Tcp;
                context.MaxResponseSize = QueryContext.MaxMessageSize;
                context.StartTimestamp = Stopwatch.GetTimestamp();
                context.Aborted = _stop.Token;

                // The processing itself is bounded by the upstream deadline, not by the idle timer.
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
                var answer = await _processor.ProcessAsync(context, slot.Output.AsMemory(2)).ConfigureAwait(false);
                if (answer <= 0)
                {
                    reason = "unanswerable message";
                    TransportMetrics.CloseTcp("garbage");
                    break;
                }

                BinaryPrimitives.WriteUInt16BigEndian(slot.Output, (ushort)answer);
                idle.CancelAfter(_idleTimeout);
                await SendAllAsync(client, slot.Output.AsMemory(0, answer + 2), idle.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            reason = _stop.IsCancellationRequested ? "server stopping" : "idle timeout";
            if (!_stop.IsCancellationRequested)
            {
                TransportMetrics.CloseTcp("idle");
            }
        }
        catch (SocketException e)
        {
            reason = e.SocketErrorCode.ToString();
        }
        catch (ObjectDisposedException)
        {
            reason = "server stopping";
        }
        catch (Exception e)
        {
            reason = "processing error";
            TransportLog.ProcessingFailed(_logger, "tcp", e);
        }
        finally
        {
            TransportLog.TcpClosed(_logger, SafeRemote(client), reason);
            lock (_connections)
            {
                _connections.Remove(client);
            }

            client.Dispose();
            _pool.Return(slot);
        }
    }

    private static EndPoint? SafeRemote(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Fills <paramref name="buffer"/>; false when the peer closed cleanly before the first byte.</summary>
    private static async ValueTask<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellation)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer[filled..], SocketFlags.None, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return filled == 0 && buffer.Length == 2 ? false : throw new SocketException((int)SocketError.ConnectionReset);
            }

            filled += read;
        }

        return true;
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellation).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections.Values];
        }

        try
        {
            await Task.WhenAll([_acceptLoop ?? Task.CompletedTask, .. open]).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
