using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// Plain DNS over UDP, one new socket per query. The kernel gives each socket a random free source port
/// (RFC 5452), which together with the random ID leaves a forger about 2^32 guesses per query. A pool of
/// long-lived sockets would save the socket/connect/close calls (a few microseconds) but would fix the
/// ports a forger has to hit, so each query pays for its own socket.
/// </summary>
internal sealed class UdpExchange(IPEndPoint endpoint, UpstreamMonitor monitor) : IUpstreamExchange
{
    private readonly SocketAddress _expected = endpoint.Serialize();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ExchangeAsync(UpstreamQuery query, byte[] answer, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

        // A connected UDP socket: the kernel drops datagrams from any other address or port, and an ICMP
        // "port unreachable" surfaces as an error on receive, so a server that is not running fails at once.
        socket.Connect(endpoint);
        await socket.SendAsync(query.Message, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var from = new SocketAddress(endpoint.AddressFamily);
        while (true)
        {
            var length = await socket.ReceiveFromAsync(answer, SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
            var check = SameSource(from, _expected)
                ? UpstreamAnswerCheck.Check(answer.AsSpan(0, length), query)
                : AnswerCheck.WrongSource;
            if (check == AnswerCheck.Match)
            {
                return length;
            }

            monitor.Mismatch(check);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Port and address bytes of two native socket addresses of the same family (sockaddr_in / sockaddr_in6).</summary>
    private static bool SameSource(SocketAddress actual, SocketAddress expected)
    {
        if (actual.Family != expected.Family || actual.Size < expected.Size)
        {
            return false;
        }

        var a = actual.Buffer.Span;
        var e = expected.Buffer.Span;
        return expected.Family == AddressFamily.InterNetworkV6
            ? a.Slice(2, 2).SequenceEqual(e.Slice(2, 2)) && a.Slice(8, 16).SequenceEqual(e.Slice(8, 16))
            : a.Slice(2, 6).SequenceEqual(e.Slice(2, 6));
    }
}
