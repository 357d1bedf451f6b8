using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HomeFilter.Resolver.Configuration;
using HomeFilter.Resolver.Pipeline;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Transport;

/// <summary>
/// One UDP socket and a receive thread per core on it. Each thread blocks in <c>recvfrom</c> and answers a
/// query that completes synchronously (cache hit, refusal, block) itself, with no epoll round trip, task or
/// thread-pool hop: that path is most of the traffic and this halves its CPU cost against async receives.
/// A query that waits on an upstream continues on its own while the thread takes a fresh slot.
/// </summary>
public sealed class UdpDnsListener : IAsyncDisposable
{
    /// <summary>Queries larger than this over UDP are not DNS we serve; the tail is cut and the query fails to parse.</summary>
    private const int ReceiveSize = 4096;

    /// <summary>No UDP answer is larger than what we advertise (1232), and error answers are smaller still.</summary>
    private const int OutputSize = 4096;

    private static readonly KeyValuePair<string, object?> UdpTag = new("transport", "udp");

    private readonly IQueryProcessor _processor;
    private readonly ILogger _logger;
    private readonly int _maxInFlight;
    private readonly TransportSlotPool _pool;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _loops = [];
    private Socket? _socket;
    private int _inFlight;
    private int _saturatedLogged;

    public UdpDnsListener(IPEndPoint endpoint, IQueryProcessor processor, DnsOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Endpoint = endpoint;
        _processor = processor;
        _logger = logger;
        _maxInFlight = Math.Max(1, options.UdpMaxInFlight);
        _pool = new TransportSlotPool(ReceiveSize, OutputSize, maxIdle: 64);
    }

    public IPEndPoint Endpoint { get; private set; }

    /// <summary>Binds the socket. Throws <see cref="SocketException"/> when the address cannot be used.</summary>
    public void Bind()
    {
        var socket = ListenSocket.Bind(Endpoint, SocketType.Dgram, ProtocolType.Udp, static s =>
        {
            s.ReceiveBufferSize = 4 * 1024 * 1024;

            // Lets a blocked receive notice a stop request.
            s.ReceiveTimeout = 250;
        });
        _socket = socket;
        Endpoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public void Start()
    {
        var loops = Math.Max(2, Environment.ProcessorCount);
        for (var i = 0; i < loops; i++)
        {
            var thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"dns-udp-{Endpoint.Port}-{i}" };
            _loops.Add(thread);
            thread.Start();
        }

        TransportLog.Listening(_logger, "udp", Endpoint);
    }

    private void ReceiveLoop()
    {
        var socket = _socket!;
        var slot = RentSlot(socket);
        while (!_stop.IsCancellationRequested)
        {
            int received;
            long arrived;
            try
            {
                received = socket.ReceiveFrom(slot.Receive, SocketFlags.None, slot.Remote!);

                // Stamped the moment the receive returns, before any of our own work, so the logged duration is what the
                // client waited from here on (time the datagram sat in the socket's queue is not visible to us).
                arrived = Stopwatch.GetTimestamp();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                // ICMP errors from earlier sends surface here on some platforms; the socket is still fine.
                TransportLog.ReceiveError(_logger, Endpoint, e.SocketErrorCode.ToString());
                continue;
            }

            TransportMetrics.Received.Add(1, UdpTag);
            if (Volatile.Read(ref _inFlight) >= _maxInFlight)
            {
                TransportMetrics.Drop("udp-saturated");
                if (Interlocked.Exchange(ref _saturatedLogged, 1) == 0)
                {
                    TransportLog.UdpSaturated(_logger, _maxInFlight);
                }

                continue;
            }

            var context = slot.Context;
            context.Reset();
            context.Query = slot.Receive.AsMemory(0, received);
            context.SetClientAddress(SocketAddressReader.AddressBytes(slot.Remote!));
            context.Transport = DnsTransportKind.Udp;
            context.StartTimestamp = arrived;
            context.Aborted = _stop.Token;

            ValueTask<int> processing;
            try
            {
                processing = _processor.ProcessAsync(context, slot.Output);
            }
            catch (Exception e)
            {
                TransportLog.ProcessingFailed(_logger, "udp", e);
                TransportMetrics.Drop("error");
                continue;
            }

            if (processing.IsCompletedSuccessfully)
            {
                Send(socket, slot, processing.Result);
                continue;
            }

            Interlocked.Increment(ref _inFlight);
            _ = CompleteAsync(socket, slot, processing);
            slot = RentSlot(socket);
        }

        _pool.Return(slot);
    }

    private async Task CompleteAsync(Socket socket, TransportSlot slot, ValueTask<int> processing)
    {
        try
        {
            var length = await processing.ConfigureAwait(false);
            Send(socket, slot, length);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            TransportLog.ProcessingFailed(_logger, "udp", e);
            TransportMetrics.Drop("error");
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Volatile.Write(ref _saturatedLogged, 0);
            _pool.Return(slot);
        }
    }

    private void Send(Socket socket, TransportSlot slot, int length)
    {
        if (length <= 0)
        {
            return;
        }

        try
        {
            socket.SendTo(slot.Output.AsSpan(0, length), SocketFlags.None, slot.Remote!);
        }
        catch (SocketException e)
        {
            TransportLog.ReceiveError(_logger, Endpoint, e.SocketErrorCode.ToString());
            TransportMetrics.Drop("send-failed");
        }
        catch (ObjectDisposedException)
        {
            // Stopped while answering.
        }
    }

    private TransportSlot RentSlot(Socket socket)
    {
        var slot = _pool.Rent();
        slot.Remote ??= new SocketAddress(socket.AddressFamily);
        return slot;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var thread in _loops)
        {
            thread.Join();
        }

        _socket?.Dispose();
        _stop.Dispose();
    }
}
