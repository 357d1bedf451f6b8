using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Quic;
using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Authentication;
using HomeFilter.Resolver.Pipeline;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>
/// DNS over QUIC (RFC 9250): ALPN <c>doq</c>, one bidirectional stream per query carrying one 2-byte
/// length-prefixed message each way, the client ID from the SNI like DoT. Needs libmsquic
/// (<see cref="QuicListener.IsSupported"/>); the caller checks that first.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("windows")]
[SupportedOSPlatform("macos")]
public sealed class QuicDnsListener : IAsyncDisposable
{
    /// <summary>RFC 9250 §4.3: DOQ_NO_ERROR and DOQ_PROTOCOL_ERROR.</summary>
    private const long NoError = 0x0;
    private const long ProtocolError = 0x2;

    private static readonly SslApplicationProtocol Doq = new("doq");
    private static readonly KeyValuePair<string, object?> QuicTag = new("transport", "quic");

    private readonly IQueryProcessor _processor;
    private readonly ServerCertificateSource _certificates;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly TransportSlotPool _pool = new(0, QueryContext.MaxMessageSize + 2, maxIdle: 16);
    private readonly CancellationTokenSource _stop = new();
    private QuicListener? _listener;
    private Task? _acceptLoop;

    public QuicDnsListener(IQueryProcessor processor, ServerCertificateSource certificates, TimeSpan idleTimeout, ILogger logger)
    {
        _processor = processor;
        _certificates = certificates;
        _idleTimeout = idleTimeout;
        _logger = logger;
    }

    public IPEndPoint? Endpoint => _listener?.LocalEndPoint;

    public async Task StartAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        _listener = await QuicListener.ListenAsync(
            new QuicListenerOptions
            {
                ListenEndPoint = endpoint,
                ApplicationProtocols = [Doq],
                ConnectionOptionsCallback = (_, _, _) => ValueTask.FromResult(new QuicServerConnectionOptions
                {
                    DefaultStreamErrorCode = ProtocolError,
                    DefaultCloseErrorCode = NoError,
                    IdleTimeout = _idleTimeout,
                    ServerAuthenticationOptions = new SslServerAuthenticationOptions
                    {
                        ApplicationProtocols = [Doq],
                        ServerCertificateContext = _certificates.Current.Context,
                        EnabledSslProtocols = SslProtocols.Tls13,
                    },
                }),
            },
            cancellationToken).ConfigureAwait(false);
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        TransportLog.Listening(_logger, "quic", _listener.LocalEndPoint);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            QuicConnection connection;
            try
            {
                connection = await _listener!.AcceptConnectionAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (Exception e) when (e is QuicException or AuthenticationException)
            {
                // A failed handshake ends that connection, not the listener.
                continue;
            }

            _ = Task.Run(() => ServeConnectionAsync(connection));
        }
    }

    private async Task ServeConnectionAsync(QuicConnection connection)
    {
        var reason = "client closed";
        var clientId = SniClientId.From(connection.TargetHostName, _certificates.Current.HostNames);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var stream = await connection.AcceptInboundStreamAsync(_stop.Token).ConfigureAwait(false);
                _ = Task.Run(() => ServeStreamAsync(connection, stream, clientId));
            }
        }
        catch (OperationCanceledException)
        {
            reason = "server stopping";
        }
        catch (QuicException e)
        {
            reason = e.QuicError.ToString();
        }
        finally
        {
            EncryptedDnsLog.QuicClosed(_logger, connection.RemoteEndPoint, reason);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeStreamAsync(QuicConnection connection, QuicStream stream, string? clientId)
    {
        var slot = _pool.Rent();
        var query = System.Buffers.ArrayPool<byte>.Shared.Rent(QueryContext.MaxMessageSize + 2);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                var filled = 0;
                while (true)
                {
                    var read = await stream.ReadAsync(query.AsMemory(filled), _stop.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                    if (filled >= 2 && filled >= 2 + BinaryPrimitives.ReadUInt16BigEndian(query))
                    {
                        break;
                    }
                }

                var length = filled >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(query) : -1;
                if (length < 12 || filled != length + 2)
                {
                    TransportMetrics.Drop("quic-framing");
                    stream.Abort(QuicAbortDirection.Both, ProtocolError);
                    return;
                }

                TransportMetrics.Received.Add(1, QuicTag);
                var context = slot.Context;
                context.Reset();
                context.Query = query.AsMemory(2, length);
                context.ClientAddress = connection.RemoteEndPoint.Address;
                context.Transport = DnsTransportKind.Quic;
                context.ClientId = clientId;
                context.MaxResponseSize = QueryContext.MaxMessageSize;
                context.StartTimestamp = Stopwatch.GetTimestamp();
                context.Aborted = _stop.Token;
                var answer = await _processor.ProcessAsync(context, slot.Output.AsMemory(2)).ConfigureAwait(false);
                if (answer <= 0)
                {
                    stream.Abort(QuicAbortDirection.Both, ProtocolError);
                    return;
                }

                BinaryPrimitives.WriteUInt16BigEndian(slot.Output, (ushort)answer);
                await stream.WriteAsync(slot.Output.AsMemory(0, answer + 2), completeWrites: true, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is QuicException or OperationCanceledException or IOException)
        {
            // The client went away or the server is stopping: nothing to answer.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(query);
            _pool.Return(slot);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await (_acceptLoop ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
