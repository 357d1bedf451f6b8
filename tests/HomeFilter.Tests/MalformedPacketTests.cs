using ARSoft.Tools.Net.Dns;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;

namespace HomeFilter.Tests;

/// <summary>Broken packets get FORMERR where they can be answered, are dropped otherwise, and never stop the server.</summary>
public sealed class MalformedPacketTests
{
    public static TheoryData<string, byte[], int?> Packets => new()
    {
        { "truncated header", [0x12, 0x34, 0x01], null },
        { "a response sent to us", [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1], null },
        { "no question", [0x12, 0x34, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0], 1 },
        { "two questions", [0x12, 0x34, 0x01, 0x00, 0, 2, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 1, 0, 1, 1, (byte)'b', 0, 0, 1, 0, 1], 1 },
        { "label runs past the end", [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 20, (byte)'a', (byte)'b'], 1 },
        { "compression loop in the question", [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1], 1 },
        { "opcode NOTIFY", [0x12, 0x34, 0x20, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 1, 0, 1], 4 },
    };

    [Theory]
    [MemberData(nameof(Packets))]
    public async Task Malformed_packets_are_answered_or_dropped_and_the_server_keeps_serving(string what, byte[] packet, int? rcode)
    {
        await using var upstream = LoopbackDnsServer.Start();
        upstream.Zone.AddA("ok.test", "192.0.2.9");
        await using var filter = await HomeFilterInstance.StartAsync([upstream]);

        var answer = await DnsTestClient.TryQueryUdpAsync(filter.Udp, packet, TimeSpan.FromMilliseconds(rcode is null ? 500 : 5000));
        if (rcode is null)
        {
            Assert.True(answer is null, what + " must be dropped");
        }
        else
        {
            Assert.NotNull(answer);
            Assert.Equal(rcode.Value, (int)answer.Message.ReturnCode);
            Assert.Equal(0x1234, answer.Message.TransactionID);
        }

        var ok = await ForwardingTests.Ask(filter, tcp: false, DnsTestClient.CreateQuery("ok.test"));
        Assert.Equal(ReturnCode.NoError, ok.ReturnCode);
    }
}
