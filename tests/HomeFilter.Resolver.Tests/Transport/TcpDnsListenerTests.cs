using System.Buffers.Binary;
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
    public async Task Connections_beyond_the_limit_are_closed_at_once()
    {
        await using var server = await StartAsync(new EchoProcessor(), o => o.TcpMaxConnections = 2);
        using var first = new TcpClient();
        using var second = new TcpClient();
        await first.ConnectAsync(server.Tcp());
        await second.ConnectAsync(server.Tcp());

        // Make sure both are being served before the third arrives.
        await first.GetStream().WriteAsync(Framed(Query(1, 2)));
        await ReadAnswerAsync(first.GetStream());
        await second.GetStream().WriteAsync(Framed(Query(2, 2)));
        await ReadAnswerAsync(second.GetStream());

        using var third = new TcpClient();
        await third.ConnectAsync(server.Tcp());
        Assert.True(await ClosedByServerAsync(third.GetStream()));

        // The admitted ones still work.
        await first.GetStream().WriteAsync(Framed(Query(5, 2)));
        Assert.Equal(5, (await ReadAnswerAsync(first.GetStream()))[1]);
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
