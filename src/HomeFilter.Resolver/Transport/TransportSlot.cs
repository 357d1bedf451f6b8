using System.Net;
using HomeFilter.Resolver.Pipeline;

namespace HomeFilter.Resolver.Transport;

/// <summary>The reusable state one query needs in a transport: its context and its receive and send buffers.</summary>
internal sealed class TransportSlot(int receiveSize, int outputSize)
{
    public QueryContext Context { get; } = new();

    public byte[] Receive { get; } = new byte[receiveSize];

    /// <summary>The UDP sender's address; one per slot so concurrent receives never share it.</summary>
    public SocketAddress? Remote { get; set; }

    /// <summary>What is sent; over TCP two spare bytes in front hold the length prefix.</summary>
    public byte[] Output { get; } = new byte[outputSize];
}
