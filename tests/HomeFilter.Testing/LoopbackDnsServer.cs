using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace HomeFilter.Testing;

/// <summary>
/// A real DNS server on a loopback address, to stand in for an upstream resolver in tests. UDP and TCP
/// share one free port; DNS-over-TLS (optional) has its own. It answers from a programmable
/// <see cref="Zone"/>, echoes the query's ID, question (with its case), RD and CD, answers EDNS with its own
/// OPT (DO echoed), truncates over UDP what does not fit the client's buffer, and counts what it received.
/// Its <see cref="Behavior"/> can turn it silent, failing, refusing or forging.
/// </summary>
public sealed partial class LoopbackDnsServer : IAsyncDisposable
{
    /// <summary>The address every forged answer of <see cref="ServerBehavior.SpoofThenAnswer"/> carries.</summary>
    public static readonly IPAddress SpoofedAddress = IPAddress.Parse("192.0.2.66");

    private const int MaxRecorded = 10_000;

    private readonly LoopbackDnsServerOptions _options;
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly Socket? _tls;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private readonly ConcurrentDictionary<(string Name, TestTransport Transport), int> _counts = new();
    private readonly ConcurrentQueue<ReceivedQuery> _received = new();
    private readonly int[] _accepted = new int[4];
    private int _total;
    private int _unparseable;
    private int _behavior;
    private long _delayTicks;

    private LoopbackDnsServer(LoopbackDnsServerOptions options)
    {
        _options = options;
        (_udp, _tcp) = BindSharedPort(options.Address);
        Endpoint = (IPEndPoint)_udp.LocalEndPoint!;
        if (options.EnableTls || options.EnableHttps)
        {
            TlsCertificate = TestCertificate.Create(options.TlsServerName, options.Address);
        }

        if (options.EnableTls)
        {
            _tls = new Socket(options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            _tls.Bind(new IPEndPoint(options.Address, 0));
            _tls.Listen(128);
            TlsEndpoint = (IPEndPoint)_tls.LocalEndPoint!;
        }
    }

    /// <summary>Binds and starts serving at once.</summary>
    public static LoopbackDnsServer Start(LoopbackDnsServerOptions? options = null)
    {
        var server = new LoopbackDnsServer(options ?? new LoopbackDnsServerOptions());
        server._loops.Add(Task.Run(server.UdpLoopAsync));
        server._loops.Add(Task.Run(() => server.AcceptLoopAsync(server._tcp, TestTransport.Tcp)));
        if (server._tls is not null)
        {
            server._loops.Add(Task.Run(() => server.AcceptLoopAsync(server._tls, TestTransport.Tls)));
        }

        if (server._options.EnableHttps)
        {
            server.StartHttps();
        }

        return server;
    }

    /// <summary>The UDP and TCP address (same port for both).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The DNS-over-TLS address, when enabled.</summary>
    public IPEndPoint? TlsEndpoint { get; }

    /// <summary>The self-signed certificate of the TLS and HTTPS ports, when enabled.</summary>
    public X509Certificate2? TlsCertificate { get; }

    /// <summary>The name in <see cref="TlsCertificate"/>.</summary>
    public string TlsServerName => _options.TlsServerName;

    /// <summary>Base64 SHA-256 of the TLS certificate's public key (SPKI), the form a client pins.</summary>
    public string TlsSpkiSha256 => TestCertificate.SpkiSha256(TlsCertificate ?? throw new InvalidOperationException("TLS is not enabled."));

    /// <summary>This server as a plain upstream entry: <c>127.0.0.1:port</c> or <c>[::1]:port</c>.</summary>
    public string UdpUpstream => Endpoint.ToString();

    /// <summary>This server as a TCP-only upstream entry.</summary>
    public string TcpUpstream => "tcp://" + Endpoint;

    /// <summary>This server as a DNS-over-TLS upstream entry with its certificate name.</summary>
    public string TlsUpstream => "tls://" + (TlsEndpoint ?? throw new InvalidOperationException("TLS is not enabled.")) + "#" + _options.TlsServerName;

    public LoopbackZone Zone { get; } = new();

    public ServerBehavior Behavior
    {
        get => (ServerBehavior)Volatile.Read(ref _behavior);
        set => Volatile.Write(ref _behavior, (int)value);
    }

    /// <summary>How long to wait before sending each answer (zero by default).</summary>
    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>Queries received on every transport, including those not answered.</summary>
    public int TotalQueries => Volatile.Read(ref _total);

    /// <summary>Packets that were not a parseable DNS query.</summary>
    public int UnparseableQueries => Volatile.Read(ref _unparseable);

    /// <summary>Queries received for <paramref name="name"/> (any case, trailing dot optional) on any transport.</summary>
    public int QueryCount(string name)
    {
        var key = LoopbackZone.Normalize(name);
        var sum = 0;
        foreach (var pair in _counts)
        {
            if (pair.Key.Name == key)
            {
                sum += pair.Value;
            }
        }

        return sum;
    }

    /// <summary>Queries received for <paramref name="name"/> on one transport.</summary>
    public int QueryCount(string name, TestTransport transport)
        => _counts.TryGetValue((LoopbackZone.Normalize(name), transport), out var count) ? count : 0;

    /// <summary>Queries received on one transport.</summary>
    public int QueryCount(TestTransport transport)
    {
        var sum = 0;
        foreach (var pair in _counts)
        {
            if (pair.Key.Transport == transport)
            {
                sum += pair.Value;
            }
        }

        return sum;
    }

    /// <summary>Connections accepted on a stream transport (TCP or TLS): tells whether a client reuses its connections.</summary>
    public int AcceptedConnections(TestTransport transport) => Volatile.Read(ref _accepted[(int)transport]);

    /// <summary>Closes every open TCP and TLS connection, as a server does with idle ones.</summary>
    public void CloseConnections()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }
    }

    /// <summary>The queries received so far, oldest first (the first 10 000 are kept).</summary>
    public IReadOnlyList<ReceivedQuery> ReceivedQueries => [.. _received];

    /// <summary>Waits until at least <paramref name="count"/> queries arrived in total; false on timeout.</summary>
    public async Task<bool> WaitForQueriesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (TotalQueries < count)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _udp.Dispose();
        _tcp.Dispose();
        _tls?.Dispose();
        CloseConnections();
        await StopHttpsAsync().ConfigureAwait(false);

        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected way out of every loop.
        }

        TlsCertificate?.Dispose();
        _stop.Dispose();
    }

    private static (Socket Udp, Socket Tcp) BindSharedPort(IPAddress address)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(new IPEndPoint(address, 0));
                tcp.Bind(new IPEndPoint(address, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(128);
                return (udp, tcp);
            }
            catch (SocketException) when (attempt < 50)
            {
                // The port UDP got is taken for TCP by someone else: try another.
                udp.Dispose();
                tcp.Dispose();
            }
        }
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(_options.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier send; the socket still works.
                continue;
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            var replies = Handle(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), TestTransport.Udp, remote);
            if (replies.Count > 0)
            {
                _ = SendUdpAsync(replies, remote);
            }
        }
    }

    private async Task SendUdpAsync(List<byte[]> replies, IPEndPoint remote)
    {
        try
        {
            await DelayAsync().ConfigureAwait(false);
            foreach (var reply in replies)
            {
                await _udp.SendToAsync(reply, SocketFlags.None, remote, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The server is stopping or the client went away.
        }
    }

    private async Task AcceptLoopAsync(Socket listener, TestTransport transport)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }

            Interlocked.Increment(ref _accepted[(int)transport]);
            _ = ServeConnectionAsync(client, transport);
        }
    }

    private async Task ServeConnectionAsync(Socket client, TestTransport transport)
    {
        var remote = (IPEndPoint)client.RemoteEndPoint!;
        // Disposing the socket on stop ends a connection whatever it is waiting for.
        _connections.TryAdd(client, 0);
        Stream stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (transport == TestTransport.Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = TlsCertificate },
                    _stop.Token).ConfigureAwait(false);
                stream = tls;
            }

            var header = new byte[2];
            while (!_stop.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, _stop.Token).ConfigureAwait(false);
                var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
                await stream.ReadExactlyAsync(query, _stop.Token).ConfigureAwait(false);
                var replies = Handle(query, transport, remote);
                await DelayAsync().ConfigureAwait(false);
                foreach (var reply in replies)
                {
                    var framed = new byte[reply.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Length);
                    reply.CopyTo(framed, 2);
                    await stream.WriteAsync(framed, _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException
            or System.Security.Authentication.AuthenticationException)
        {
            // The client closed, the handshake failed or the server is stopping.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task DelayAsync()
    {
        var delay = ResponseDelay;
        return delay > TimeSpan.Zero ? Task.Delay(delay, _stop.Token) : Task.CompletedTask;
    }

    /// <summary>Records one query and returns the messages to send back, in order (none to stay silent).</summary>
    private List<byte[]> Handle(byte[] raw, TestTransport transport, IPEndPoint remote)
    {
        DnsMessage query;
        try
        {
            query = DnsWireCodec.Decode(raw);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _unparseable);
            return [];
        }

        if (!query.IsQuery || query.Questions.Count != 1)
        {
            Interlocked.Increment(ref _unparseable);
            return [];
        }

        Interlocked.Increment(ref _total);
        var received = new ReceivedQuery(raw, query, transport, remote);
        _counts.AddOrUpdate((received.Name, transport), 1, static (_, count) => count + 1);
        if (_received.Count < MaxRecorded)
        {
            _received.Enqueue(received);
        }

        var limit = transport == TestTransport.Udp
            ? (query.IsEDnsEnabled ? Math.Max(512, (int)query.EDnsOptions!.UdpPayloadSize) : 512)
            : 65535;
        switch (Behavior)
        {
            case ServerBehavior.Silent:
                return [];
            case ServerBehavior.ServerFailure:
                return [DnsWireCodec.Encode(CreateResponse(query, ReturnCode.ServerFailure))];
            case ServerBehavior.Refuse:
                return [DnsWireCodec.Encode(CreateResponse(query, ReturnCode.Refused))];
            case ServerBehavior.SpoofThenAnswer:
                return [ForgeWrongId(query), ForgeWrongQuestion(query), Answer(query, limit)];
            default:
                return [Answer(query, limit)];
        }
    }

    private byte[] Answer(DnsMessage query, int limit)
    {
        var response = CreateResponse(query, ReturnCode.NoError);
        response.ReturnCode = Zone.Resolve(query.Questions[0], response.AnswerRecords, response.AuthorityRecords);
        var encoded = DnsWireCodec.Encode(response);
        if (encoded.Length <= limit)
        {
            return encoded;
        }

        // Over UDP, what does not fit is replaced by an empty answer with TC set: the client must retry over TCP.
        response.AnswerRecords.Clear();
        response.AuthorityRecords.Clear();
        response.IsTruncated = true;
        return DnsWireCodec.Encode(response);
    }

    private byte[] ForgeWrongId(DnsMessage query)
    {
        var forged = CreateResponse(query, ReturnCode.NoError);
        forged.TransactionID = (ushort)(query.TransactionID ^ 0x5A5A);
        forged.AnswerRecords.Add(new ARecord(query.Questions[0].Name, 86400, SpoofedAddress));
        return DnsWireCodec.Encode(forged);
    }

    private byte[] ForgeWrongQuestion(DnsMessage query)
    {
        var forged = CreateResponse(query, ReturnCode.NoError);
        var asked = query.Questions[0];
        forged.Questions.Clear();
        forged.Questions.Add(new DnsQuestion(DomainName.Parse("spoofed.invalid"), asked.RecordType, asked.RecordClass));
        forged.AnswerRecords.Add(new ARecord(asked.Name, 86400, SpoofedAddress));
        return DnsWireCodec.Encode(forged);
    }

    private DnsMessage CreateResponse(DnsMessage query, ReturnCode code)
    {
        var response = new DnsMessage
        {
            TransactionID = query.TransactionID,
            IsQuery = false,
            OperationCode = query.OperationCode,
            IsRecursionDesired = query.IsRecursionDesired,
            IsRecursionAllowed = true,
            IsCheckingDisabled = query.IsCheckingDisabled,
            ReturnCode = code,
        };
        response.Questions.AddRange(query.Questions);
        if (query.IsEDnsEnabled)
        {
            response.IsEDnsEnabled = true;
            response.EDnsOptions = new OptRecord(_options.UdpPayloadSize, []) { IsDnsSecOk = query.EDnsOptions!.IsDnsSecOk };
        }

        return response;
    }
}
