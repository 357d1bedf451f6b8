using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using HomeFilter.Resolver.Configuration;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Transport.Encrypted;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Transport;

/// <summary>
/// DNS over TCP (RFC 7766): length-prefixed messages, several per connection, answered in order.
/// A client that goes quiet or sends garbage is cut off. Connections are limited per client and in total
/// (<see cref="TcpConnectionTable"/>), and an idle connection holds no message buffer: the 2-byte length prefix
/// is read into the connection's own two bytes, and only then is a buffer of that size rented, with the
/// query context and answer buffer, until the answer is sent.
/// With a certificate the same listener serves DNS over TLS (RFC 7858): the accepted socket is wrapped in an
/// <see cref="SslStream"/> (TLS 1.2 or 1.3, the handshake bounded by the idle timeout) and the framing, pipelining,
/// limits and timeouts stay those of TCP. The client ID comes from the SNI (<see cref="SniClientId"/>).
/// </summary>
public sealed class TcpDnsListener : IAsyncDisposable
{
    private const int MinimumMessage = 12;
    private static readonly KeyValuePair<string, object?> TcpTag = new("transport", "tcp");
    private static readonly KeyValuePair<string, object?> TlsTag = new("transport", "tls");

    private readonly IQueryProcessor _processor;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly TcpConnectionTable _table;
    private readonly ServerCertificateSource? _tls;
    private readonly string _protocol;
    private readonly KeyValuePair<string, object?> _tag;
    private readonly DnsTransportKind _kind;

    // A slot (query context and answer buffer) is held only while a message is processed; the receive buffer of
    // the slot is unused (0 bytes) because the query is read into an array rented for its exact length.
    private readonly TransportSlotPool _pool = new(0, QueryContext.MaxMessageSize + 2, maxIdle: 16);
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<TcpConnection> _open = [];
    private Socket? _socket;
    private Task? _acceptLoop;

    /// <summary>A plain TCP listener, or a DoT listener when <paramref name="tls"/> is given.</summary>
    public TcpDnsListener(IPEndPoint endpoint, IQueryProcessor processor, DnsOptions options, ILogger logger, ServerCertificateSource? tls = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Endpoint = endpoint;
        _processor = processor;
        _logger = logger;
        _idleTimeout = TimeSpan.FromMilliseconds(Math.Max(100, options.TcpIdleTimeoutMs));
        _table = new TcpConnectionTable(Math.Max(1, options.TcpMaxConnections), Math.Max(1, options.TcpMaxConnectionsPerClient));
        _tls = tls;
        _protocol = tls is null ? "tcp" : "tls";
        _tag = tls is null ? TcpTag : TlsTag;
        _kind = tls is null ? DnsTransportKind.Tcp : DnsTransportKind.Tls;
    }

    public IPEndPoint Endpoint { get; private set; }

    /// <summary>Number of open client connections (including ones being closed).</summary>
    public int OpenConnections
    {
        get
        {
            lock (_open)
            {
                return _open.Count;
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
        TransportLog.Listening(_logger, _protocol, Endpoint);
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

            Admit(client);
        }
    }

    private void Admit(Socket client)
    {
        var connection = new TcpConnection(client, SafeRemote(client) is IPEndPoint remote ? remote.Address : null);
        var admission = _table.Admit(connection, out var evicted);
        if (admission is TcpAdmission.ClientLimit or TcpAdmission.Full)
        {
            var limit = admission == TcpAdmission.ClientLimit ? "client-limit" : "connection-limit";
            TransportMetrics.CloseTcp(limit);
            TransportLog.TcpRefused(_logger, connection.Remote, limit);

            // An abortive close (RST): nothing of a refused connection stays behind in TIME_WAIT on our side.
            try
            {
                client.LingerState = new LingerOption(true, 0);
            }
            catch (SocketException)
            {
            }

            client.Dispose();
            return;
        }

        if (evicted is not null)
        {
            TransportMetrics.CloseTcp("evicted");
            evicted.Close();
        }

        client.NoDelay = true;
        lock (_open)
        {
            _open.Add(connection);
        }

        connection.Serving = Task.Run(() => ServeConnectionAsync(connection));
    }

    private async Task ServeConnectionAsync(TcpConnection connection)
    {
        var client = connection.Socket;
        var reason = "client closed";
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            if (_tls is not null)
            {
                idle.CancelAfter(_idleTimeout);
                reason = "TLS handshake failed";
                await HandshakeAsync(connection, _tls.Current, idle.Token).ConfigureAwait(false);
                reason = "client closed";
            }

            while (true)
            {
                idle.CancelAfter(_idleTimeout);
                if (!await ReceiveExactlyAsync(connection, connection.Prefix, idle.Token).ConfigureAwait(false))
                {
                    break;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(connection.Prefix);
                if (length < MinimumMessage)
                {
                    reason = "message shorter than a DNS header";
                    TransportMetrics.CloseTcp("garbage");
                    break;
                }

                var query = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    if (!await ReceiveExactlyAsync(connection, query.AsMemory(0, length), idle.Token).ConfigureAwait(false))
                    {
                        reason = "closed mid-message";
                        break;
                    }

                    if (!connection.TryBeginMessage())
                    {
                        break;
                    }

                    var answered = await AnswerAsync(connection, query.AsMemory(0, length), idle).ConfigureAwait(false);
                    connection.EndMessage();
                    if (!answered)
                    {
                        reason = "unanswerable message";
                        TransportMetrics.CloseTcp("garbage");
                        break;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(query);
                }
            }
        }
        catch (Exception e) when (e is AuthenticationException || (e is IOException && reason == "TLS handshake failed"))
        {
            TransportMetrics.CloseTcp("tls-handshake");
        }
        catch (OperationCanceledException)
        {
            reason = _stop.IsCancellationRequested ? "server stopping" : reason == "TLS handshake failed" ? "TLS handshake timed out" : "idle timeout";
            if (!_stop.IsCancellationRequested)
            {
                TransportMetrics.CloseTcp("idle");
            }
        }
        catch (SocketException e)
        {
            reason = e.SocketErrorCode.ToString();
        }
        catch (IOException e) when (e.InnerException is SocketException socket)
        {
            reason = socket.SocketErrorCode.ToString();
        }
        catch (IOException)
        {
            reason = "connection broken";
        }
        catch (ObjectDisposedException)
        {
            reason = "server stopping";
        }
        catch (Exception e)
        {
            reason = "processing error";
            TransportLog.ProcessingFailed(_logger, _protocol, e);
        }
        finally
        {
            if (connection.WasEvicted)
            {
                reason = "closed to make room for another client";
            }

            TransportLog.TcpClosed(_logger, connection.Remote, reason);
            _table.Remove(connection);
            lock (_open)
            {
                _open.Remove(connection);
            }

            if (connection.Tls is { } tls)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }

            client.Dispose();
        }
    }

    /// <summary>TLS 1.2 or 1.3 over the accepted socket, with the certificate of this moment; then the client ID from the SNI.</summary>
    private static async ValueTask HandshakeAsync(TcpConnection connection, ServerCertificate certificate, CancellationToken cancellation)
    {
        var tls = new SslStream(new NetworkStream(connection.Socket, ownsSocket: false), leaveInnerStreamOpen: false);
        connection.Tls = tls;
        await tls.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate.Context,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = false,
                CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            },
            cancellation).ConfigureAwait(false);
        connection.ClientId = SniClientId.From(tls.TargetHostName, certificate.HostNames);
    }

    /// <summary>Runs one query and sends its answer; false when the processor gave nothing to send.</summary>
    private async ValueTask<bool> AnswerAsync(TcpConnection connection, ReadOnlyMemory<byte> query, CancellationTokenSource idle)
    {
        var slot = _pool.Rent();
        try
        {
            TransportMetrics.Received.Add(1, _tag);
            var context = slot.Context;
            context.Reset();
            context.Query = query;
            if (connection.Remote is not null)
            {
                context.ClientAddress = connection.Remote;
            }

            context.Transport = _kind;
            context.ClientId = connection.ClientId;
            context.MaxResponseSize = QueryContext.MaxMessageSize;
            context.StartTimestamp = Stopwatch.GetTimestamp();
            context.Aborted = _stop.Token;

            // The processing itself is bounded by the upstream deadline, not by the idle timer.
            idle.CancelAfter(Timeout.InfiniteTimeSpan);
            var answer = await _processor.ProcessAsync(context, slot.Output.AsMemory(2)).ConfigureAwait(false);
            if (answer <= 0)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16BigEndian(slot.Output, (ushort)answer);
            idle.CancelAfter(_idleTimeout);
            await SendAllAsync(connection, slot.Output.AsMemory(0, answer + 2), idle.Token).ConfigureAwait(false);
            return true;
        }
        finally
        {
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
    private static async ValueTask<bool> ReceiveExactlyAsync(TcpConnection connection, Memory<byte> buffer, CancellationToken cancellation)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = connection.Tls is { } tls
                ? await tls.ReadAsync(buffer[filled..], cancellation).ConfigureAwait(false)
                : await connection.Socket.ReceiveAsync(buffer[filled..], SocketFlags.None, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return filled == 0 && buffer.Length == 2 ? false : throw new SocketException((int)SocketError.ConnectionReset);
            }

            filled += read;
        }

        return true;
    }

    private static async ValueTask SendAllAsync(TcpConnection connection, ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        if (connection.Tls is { } tls)
        {
            await tls.WriteAsync(data, cancellation).ConfigureAwait(false);
            return;
        }

        var socket = connection.Socket;
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
        var open = new List<Task>();
        lock (_open)
        {
            foreach (var connection in _open)
            {
                open.Add(connection.Serving);
            }
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
