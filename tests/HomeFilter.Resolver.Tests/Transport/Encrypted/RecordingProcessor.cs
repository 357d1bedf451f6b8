using System.Collections.Concurrent;
using System.Net;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Transport;

namespace HomeFilter.Resolver.Tests.Transport.Encrypted;

/// <summary>Records what each query's context said (transport, client ID, address, size limit) and echoes the query as an answer.</summary>
internal sealed class RecordingProcessor : IQueryProcessor
{
    public ConcurrentQueue<(DnsTransportKind Transport, string? ClientId, IPAddress Client, int MaxResponseSize)> Seen { get; } = new();

    public ValueTask<int> ProcessAsync(QueryContext context, Memory<byte> output)
    {
        Seen.Enqueue((context.Transport, context.ClientId, context.ClientAddress, context.MaxResponseSize));
        var query = context.Query.Span;
        query.CopyTo(output.Span);
        output.Span[2] |= 0x80;
        return ValueTask.FromResult(query.Length);
    }
}
