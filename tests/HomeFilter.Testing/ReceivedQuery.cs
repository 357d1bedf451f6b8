using System.Net;
using ARSoft.Tools.Net.Dns;

namespace HomeFilter.Testing;

/// <summary>One query as the <see cref="LoopbackDnsServer"/> received it.</summary>
/// <param name="Raw">The bytes on the wire (without the TCP length prefix).</param>
/// <param name="Message">The same bytes parsed by ARSoft.Tools.Net.</param>
/// <param name="Transport">How it arrived.</param>
/// <param name="Remote">The client's address and port.</param>
public sealed record ReceivedQuery(byte[] Raw, DnsMessage Message, TestTransport Transport, IPEndPoint Remote)
{
    /// <summary>The question name in lower case without the trailing dot.</summary>
    public string Name => LoopbackZone.Normalize(Message.Questions[0].Name.ToString());
}
