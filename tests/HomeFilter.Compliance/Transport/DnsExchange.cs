using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Compliance.Transport;

/// <summary>
/// Sends one query and waits for its answer, the way genreport does: over UDP the query is resent
/// after each retry interval, and datagrams that are not a response to it (wrong ID, QR clear, another
/// question) are ignored; over TCP the first message back is the answer.
/// </summary>
internal static class DnsExchange
{
    private const int MaxMessage = 65535;

    /// <summary>Decides whether a datagram answers the query (true) or is to be ignored.</summary>
    public delegate bool ResponseFilter(ReadOnlySpan<byte> datagram);

    public static async Task<ExchangeResult> UdpAsync(IPEndPoint server, byte[] query, ResponseFilter accept,
        EdnsComplianceOptions options, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxMessage];
        for (var attempt = 0; attempt < options.UdpAttempts; attempt++)
        {
            try
            {
                await socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return PortUnreachable(server);
            }

            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            window.CancelAfter(options.UdpRetryInterval);
            while (true)
            {
                int received;
                try
                {
                    received = await socket.ReceiveAsync(buffer, SocketFlags.None, window.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break; // this attempt's window is over: send again
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    return PortUnreachable(server);
                }

                if (accept(buffer.AsSpan(0, received)))
                {
                    return ExchangeResult.Of(buffer.AsSpan(0, received).ToArray());
                }
            }
        }

        return ExchangeResult.Fail("timeout",
            $"no answer over UDP after {options.UdpAttempts} sends {options.UdpRetryInterval.TotalSeconds:0.#} s apart");
    }

    public static async Task<ExchangeResult> TcpAsync(IPEndPoint server, byte[] query, EdnsComplianceOptions options,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.TcpTimeout);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, deadline.Token).ConfigureAwait(false);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await socket.SendAsync(framed, SocketFlags.None, deadline.Token).ConfigureAwait(false);

            var lengthBytes = new byte[2];
            if (!await ReadExactlyAsync(socket, lengthBytes, deadline.Token).ConfigureAwait(false))
            {
                return ExchangeResult.Fail("eof", "the server closed the TCP connection without answering");
            }

            var response = new byte[BinaryPrimitives.ReadUInt16BigEndian(lengthBytes)];
            if (!await ReadExactlyAsync(socket, response, deadline.Token).ConfigureAwait(false))
            {
                return ExchangeResult.Fail("eof", "the server closed the TCP connection in the middle of its answer");
            }

            return ExchangeResult.Of(response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ExchangeResult.Fail("timeout", $"no answer over TCP within {options.TcpTimeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => ExchangeResult.Fail("connection-refused", $"TCP connection to {server} refused"),
                SocketError.ConnectionReset => ExchangeResult.Fail("reset", "the server reset the TCP connection"),
                _ => ExchangeResult.Fail("failed", $"TCP exchange failed: {e.SocketErrorCode}"),
            };
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private static ExchangeResult PortUnreachable(IPEndPoint server) =>
        ExchangeResult.Fail("port-unreachable", $"nothing listens on UDP {server} (ICMP port unreachable)");
}
