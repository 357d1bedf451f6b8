using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Compliance.Tests.Fakes;

/// <summary>
/// A UDP and TCP DNS server on 127.0.0.1 (one free port for both) whose answers come from a delegate:
/// given the query bytes and whether it came over TCP, return the response bytes, or null to stay silent.
/// </summary>
internal sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly Func<byte[], bool, byte[]?> _respond;
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    private FakeDnsServer(Func<byte[], bool, byte[]?> respond, Socket udp, TcpListener tcp)
    {
        _respond = respond;
        _udp = udp;
        _tcp = tcp;
        EndPoint = (IPEndPoint)udp.LocalEndPoint!;
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    public IPEndPoint EndPoint { get; }

    public static FakeDnsServer Start(Func<byte[], bool, byte[]?> respond)
    {
        // Bind UDP to a free port, then TCP to the same one; another process may hold it for TCP, so retry.
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var tcp = new TcpListener((IPEndPoint)udp.LocalEndPoint!);
            try
            {
                tcp.Start();
                return new FakeDnsServer(respond, udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
            }
        }
    }

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[65535];
        var remote = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, remote, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue; // an ICMP error from an earlier reply to a client that has gone
            }

            var response = _respond(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), false);
            if (response is not null)
            {
                await _udp.SendToAsync(response, SocketFlags.None, received.RemoteEndPoint);
            }
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeConnectionAsync(client));
        }
    }

    private async Task ServeConnectionAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var length = new byte[2];
                while (true)
                {
                    await stream.ReadExactlyAsync(length, _stop.Token);
                    var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
                    await stream.ReadExactlyAsync(query, _stop.Token);
                    var response = _respond(query, true);
                    if (response is null)
                    {
                        return; // close without an answer
                    }

                    var framed = new byte[response.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)response.Length);
                    response.CopyTo(framed, 2);
                    await stream.WriteAsync(framed, _stop.Token);
                }
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // the client is done
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        await Task.WhenAll(_udpLoop, _tcpLoop);
        _stop.Dispose();
    }
}
