using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace HomeFilter.Testing;

/// <summary>
/// A minimal DNS client for tests: builds queries with ARSoft.Tools.Net and sends them over UDP or TCP,
/// returning the raw answer and its parse. Raw byte overloads send malformed packets as they are.
/// </summary>
public static class DnsTestClient
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A standard recursive query with a random ID, EDNS on unless <paramref name="edns"/> is false.</summary>
    public static DnsMessage CreateQuery(
        string name,
        RecordType type = RecordType.A,
        bool edns = true,
        ushort udpPayloadSize = 1232,
        bool dnssecOk = false,
        bool checkingDisabled = false,
        ushort? id = null)
    {
        var query = new DnsMessage
        {
            TransactionID = id ?? (ushort)RandomNumberGenerator.GetInt32(0, 65536),
            IsQuery = true,
            IsRecursionDesired = true,
            IsCheckingDisabled = checkingDisabled,
        };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        if (edns)
        {
            query.IsEDnsEnabled = true;
            query.EDnsOptions = new OptRecord(udpPayloadSize, []) { IsDnsSecOk = dnssecOk };
        }

        return query;
    }

    public static Task<DnsTestResponse> QueryUdpAsync(IPEndPoint server, DnsMessage query, TimeSpan? timeout = null)
        => QueryUdpAsync(server, DnsWireCodec.Encode(query), timeout);

    /// <summary>Sends one datagram and returns the first answer with the same ID; throws <see cref="TimeoutException"/>.</summary>
    public static async Task<DnsTestResponse> QueryUdpAsync(IPEndPoint server, ReadOnlyMemory<byte> query, TimeSpan? timeout = null)
        => await TryQueryUdpAsync(server, query, timeout).ConfigureAwait(false)
            ?? throw new TimeoutException($"No UDP answer from {server} within {(timeout ?? DefaultTimeout).TotalSeconds} s.");

    /// <summary>Sends from <paramref name="source"/> (e.g. 127.0.0.2, to act as another client on loopback).</summary>
    public static async Task<DnsMessage> QueryUdpFromAsync(IPEndPoint server, IPAddress source, DnsMessage query, TimeSpan? timeout = null)
        => (await TryQueryUdpAsync(server, DnsWireCodec.Encode(query), timeout, source).ConfigureAwait(false)
            ?? throw new TimeoutException($"No UDP answer from {server} to {source}.")).Message;

    /// <summary>Like <see cref="QueryUdpAsync(IPEndPoint, ReadOnlyMemory{byte}, TimeSpan?)"/>, but null when nothing came back in time.</summary>
    public static async Task<DnsTestResponse?> TryQueryUdpAsync(IPEndPoint server, ReadOnlyMemory<byte> query, TimeSpan? timeout = null, IPAddress? source = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (source is not null)
        {
            socket.Bind(new IPEndPoint(source, 0));
        }

        socket.Connect(server);
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        await socket.SendAsync(query, SocketFlags.None, cancel.Token).ConfigureAwait(false);
        var buffer = new byte[65535];
        var id = query.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(query.Span) : -1;
        try
        {
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token).ConfigureAwait(false);
                if (length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id)
                {
                    return Parse(buffer.AsSpan(0, length));
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static Task<DnsTestResponse> QueryTcpAsync(IPEndPoint server, DnsMessage query, TimeSpan? timeout = null)
        => QueryTcpAsync(server, DnsWireCodec.Encode(query), timeout);

    /// <summary>Opens a connection, sends one length-prefixed query and reads one answer (RFC 7766).</summary>
    public static async Task<DnsTestResponse> QueryTcpAsync(IPEndPoint server, ReadOnlyMemory<byte> query, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(server, cancel.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.Span.CopyTo(framed.AsSpan(2));
            await stream.WriteAsync(framed, cancel.Token).ConfigureAwait(false);
            var header = new byte[2];
            await stream.ReadExactlyAsync(header, cancel.Token).ConfigureAwait(false);
            var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
            await stream.ReadExactlyAsync(answer, cancel.Token).ConfigureAwait(false);
            return Parse(answer);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"No TCP answer from {server} within {(timeout ?? DefaultTimeout).TotalSeconds} s.");
        }
    }

    private static DnsTestResponse Parse(ReadOnlySpan<byte> answer)
    {
        var raw = answer.ToArray();
        return new DnsTestResponse(raw, DnsWireCodec.Decode(raw));
    }
}
