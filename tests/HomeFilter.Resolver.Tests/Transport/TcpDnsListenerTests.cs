using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using static HomeFilter.Resolver.Tests.Transport.ListenerTestSupport;

namespace HomeFilter.Resolver.Tests.Transport;

public class TcpDnsListenerTests
{
    [Fact]
    public async Task Answers_several_length_prefixed_queries_on_one_connection_in_order()
    {
        await using var server = await StartAsync(new EchoProcessor());
        using var client = new TcpClient();
        await client.ConnectAsync(server.Tcp());
        var stream = client.GetStream();

        // Both queries in one write: the second must wait for the first, answers stay in order.
        var first = Framed(Query(1, 0x03));
        var second = Framed(Query(2, 0x02));
        await stream.WriteAsync(first.Concat(second).ToArray());
        Assert.Equal(1, (await ReadAnswerAsync(stream))[1]);
        Assert.Equal(2, (await ReadAnswerAsync(stream))[1]);
    }

    [Fact]
    public async Task A_query_split_across_writes_is_reassembled()
    {
        await using var server = await StartAsync(new EchoProcessor());
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Tcp());
        var stream = client.GetStream();
        var framed = Framed(Query(9, 0x02, length: 40));
        foreach (var part in framed.Chunk(5))
        {
            await stream.WriteAsync(part);
            await stream.FlushAsync();
            await Task.Delay(5);
        }

        var answer = await ReadAnswerAsync(stream);
        Assert.Equal(40, answer.Length);
        Assert.Equal(9, answer[1]);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x03, 1, 2, 3 })] // shorter than a DNS header
    [InlineData(new byte[] { 0x00, 0x00 })] // empty message
    public async Task Garbage_closes_the_connection(byte[] garbage)
    {
        await using var server = await StartAsync(new EchoProcessor());
        using var client = new TcpClient();
        await client.ConnectAsync(server.Tcp());
        var stream = client.GetStream();
        await stream.WriteAsync(garbage);
        Assert.True(await ClosedByServerAsync(stream));
    }

    [Fact]
    public async Task An_unanswerable_message_closes_the_connection()
    {
        await using var server = await StartAsync(new EchoProcessor());
        using var client = new TcpClient();
        await client.ConnectAsync(server.Tcp());
        var stream = client.GetStream();
        await stream.WriteAsync(Framed(Query(3, 0xEE)));
        Assert.True(await ClosedByServerAsync(stream));
    }

    [Theory]
    [InlineData(new byte[0])] // says nothing at all
    [InlineData(new byte[] { 0x00, 0x20, 1, 2 })] // starts a message and stalls
    public async Task A_stalled_client_is_cut_off_after_the_idle_timeout(byte[] sent)
    {
        await using var server = await StartAsync(new EchoProcessor(), o => o.TcpIdleTimeoutMs = 300);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Tcp());
        var stream = client.GetStream();
        await stream.WriteAsync(sent);
        Assert.True(await ClosedByServerAsync(stream));
    }

    [Fact]
    public async Task When_every_connection_has_a_query_under_way_a_newcomer_is_closed_at_once()
    {
        var processor = new EchoProcessor();
        await using var server = await StartAsync(processor, o => o.TcpMaxConnections = 2);
        using var first = new TcpClient();
        using var second = new TcpClient();
        await first.ConnectAsync(server.Tcp());
        await second.ConnectAsync(server.Tcp());

        // Both connections are waiting on an answer, so neither is idle and neither may be closed for the third.
        await first.GetStream().WriteAsync(Framed(Query(1, EchoProcessor.Held)));
        await second.GetStream().WriteAsync(Framed(Query(2, EchoProcessor.Held)));
        while (Volatile.Read(ref processor.Processed) < 2)
        {
            await Task.Delay(10);
        }

        using var third = new TcpClient();
        try
        {
            await third.ConnectAsync(server.Tcp());
            Assert.True(await ClosedByServerAsync(third.GetStream()));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Reset before the connect returned: closed just as well.
        }

        // The admitted ones get their answers and go on working.
        processor.Gate.SetResult();
        Assert.Equal(1, (await ReadAnswerAsync(first.GetStream()))[1]);
        Assert.Equal(2, (await ReadAnswerAsync(second.GetStream()))[1]);
        await first.GetStream().WriteAsync(Framed(Query(5, 2)));
        Assert.Equal(5, (await ReadAnswerAsync(first.GetStream()))[1]);
    }

    [Fact]
    public async Task Connections_from_one_client_beyond_its_limit_are_closed_and_other_clients_are_served()
    {
        await using var server = await StartAsync(new EchoProcessor(), o => o.TcpMaxConnectionsPerClient = 3);
        var own = new List<Socket?>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                own.Add(await TryConnectFromAsync(Client2, server.Tcp()));
            }

            // The first three are served; the fourth and fifth are closed at once.
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(i + 1, (await AskAsync(own[i]!, (ushort)(i + 1)))[1]);
            }

            Assert.True(await ClosedByServerAsync(own[3]));
            Assert.True(await ClosedByServerAsync(own[4]));

            using var bystander = await ConnectFromAsync(Client3, server.Tcp());
            Assert.Equal(7, (await AskAsync(bystander, 7))[1]);
        }
        finally
        {
            own.ForEach(s => s?.Dispose());
        }
    }

    [Fact]
    public async Task When_every_connection_is_taken_the_busiest_clients_longest_idle_connection_makes_room()
    {
        await using var server = await StartAsync(new EchoProcessor(), o =>
        {
            o.TcpMaxConnections = 4;
            o.TcpMaxConnectionsPerClient = 3;
        });
        using var busy1 = await ConnectFromAsync(Client2, server.Tcp());
        using var busy2 = await ConnectFromAsync(Client2, server.Tcp());
        using var busy3 = await ConnectFromAsync(Client2, server.Tcp());
        using var other = await ConnectFromAsync(Client3, server.Tcp());

        // Answered in this order, so busy1 has been idle longest.
        await AskAsync(busy1, 1);
        await AskAsync(busy2, 2);
        await AskAsync(busy3, 3);
        await AskAsync(other, 4);

        using var newcomer = await ConnectFromAsync(Client4, server.Tcp());
        Assert.Equal(5, (await AskAsync(newcomer, 5))[1]);
        Assert.True(await ClosedByServerAsync(busy1));
        Assert.Equal(6, (await AskAsync(busy2, 6))[1]);
        Assert.Equal(7, (await AskAsync(busy3, 7))[1]);
        Assert.Equal(8, (await AskAsync(other, 8))[1]);
    }

    [Fact]
    public async Task A_client_holding_1100_idle_connections_does_not_lock_out_another_client()
    {
        // The defaults: 1000 connections in all, 32 per client.
        await using var server = await StartAsync(new EchoProcessor());
        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < 1100; i++)
            {
                // Those beyond the client's share may be reset before the connect even returns.
                if (await TryConnectFromAsync(Client2, server.Tcp()) is { } socket)
                {
                    flood.Add(socket);
                }
            }

            using var bystander = await ConnectFromAsync(Client3, server.Tcp());
            Assert.Equal(42, (await AskAsync(bystander, 42))[1]);

            // All but the flooding client's share are closed by the server; the share is still served.
            var open = await WaitForOpenCountAsync(flood, expected: 32);
            Assert.Equal(32, open.Count);
            Assert.Equal(43, (await AskAsync(open[^1], 43))[1]);
            Assert.Equal(44, (await AskAsync(bystander, 44))[1]);
        }
        finally
        {
            flood.ForEach(s => s.Dispose());
        }
    }

    private static readonly IPAddress Client2 = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Client3 = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Client4 = IPAddress.Parse("127.0.0.4");

    /// <summary>A TCP connection from <paramref name="source"/> (any 127.0.0.0/8 address is loopback on Linux).</summary>
    private static async Task<Socket> ConnectFromAsync(IPAddress source, IPEndPoint server)
        => await TryConnectFromAsync(source, server) ?? throw new InvalidOperationException("The server reset the connection at once.");

    /// <summary>As <see cref="ConnectFromAsync"/>; null when the server reset the connection before the connect completed.</summary>
    private static async Task<Socket?> TryConnectFromAsync(IPAddress source, IPEndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server);
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True when the server closes <paramref name="socket"/> (or has already reset it: null).</summary>
    private static async Task<bool> ClosedByServerAsync(Socket? socket)
        => socket is null || await ClosedByServerAsync(new NetworkStream(socket, ownsSocket: false));

    private static async Task<byte[]> AskAsync(Socket socket, ushort id)
    {
        var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Framed(Query(id, 0x02)));
        return await ReadAnswerAsync(stream);
    }

    /// <summary>Waits (bounded) until only <paramref name="expected"/> sockets are left that the server has not closed.</summary>
    private static async Task<List<Socket>> WaitForOpenCountAsync(List<Socket> sockets, int expected)
    {
        var open = new List<Socket>();
        for (var round = 0; round < 200; round++)
        {
            open.Clear();
            foreach (var socket in sockets)
            {
                // Readable with nothing to read: the peer closed (FIN) or reset the connection.
                if (!socket.Poll(0, SelectMode.SelectRead) || socket.Available > 0)
                {
                    open.Add(socket);
                }
            }

            if (open.Count <= expected)
            {
                break;
            }

            await Task.Delay(100);
        }

        return open;
    }

    private static byte[] Framed(byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }

    private static async Task<byte[]> ReadAnswerAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix, timeout.Token);
        var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(answer, timeout.Token);
        return answer;
    }

    /// <summary>True when the server closes (EOF or reset) within a generous bound.</summary>
    private static async Task<bool> ClosedByServerAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64];
        try
        {
            while (true)
            {
                if (await stream.ReadAsync(buffer, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
