using System.Net.Sockets;
using static HomeFilter.Resolver.Tests.Transport.ListenerTestSupport;

namespace HomeFilter.Resolver.Tests.Transport;

public class UdpDnsListenerTests
{
    [Theory]
    [InlineData(0x02)] // answered synchronously on the receive loop
    [InlineData(0x03)] // answered after an await, on its own slot
    public async Task Answers_each_datagram_to_its_sender(byte questionByte)
    {
        var processor = new EchoProcessor();
        await using var server = await StartAsync(processor);
        using var client = new UdpClient(server.Udp().AddressFamily);
        client.Connect(server.Udp());

        for (ushort id = 1; id <= 20; id++)
        {
            await client.SendAsync(Query(id, questionByte));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var answer = await client.ReceiveAsync(timeout.Token);
            Assert.Equal(id, (ushort)((answer.Buffer[0] << 8) | answer.Buffer[1]));
            Assert.Equal(0x80, answer.Buffer[2] & 0x80);
        }
    }

    [Fact]
    public async Task Many_clients_at_once_each_get_their_own_answer()
    {
        var processor = new EchoProcessor();
        await using var server = await StartAsync(processor);
        var clients = Enumerable.Range(0, 16).Select(async n =>
        {
            using var client = new UdpClient();
            client.Connect(server.Udp());
            var id = (ushort)(1000 + n);
            await client.SendAsync(Query(id, (byte)(n % 2 == 0 ? 2 : 3)));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var answer = await client.ReceiveAsync(timeout.Token);
            return (id, got: (ushort)((answer.Buffer[0] << 8) | answer.Buffer[1]));
        });

        foreach (var (id, got) in await Task.WhenAll(clients))
        {
            Assert.Equal(id, got);
        }
    }

    [Fact]
    public async Task A_packet_the_processor_drops_gets_no_answer_and_the_loop_keeps_going()
    {
        var processor = new EchoProcessor();
        await using var server = await StartAsync(processor);
        using var client = new UdpClient();
        client.Connect(server.Udp());

        await client.SendAsync(Query(7, 0xEE));
        await client.SendAsync(Query(8, 0x02));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var answer = await client.ReceiveAsync(timeout.Token);
        Assert.Equal(8, answer.Buffer[1]);
        Assert.Equal(2, processor.Processed);
    }
}
