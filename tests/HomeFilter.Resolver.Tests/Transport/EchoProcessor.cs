using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Transport;

namespace HomeFilter.Resolver.Tests.Transport;

/// <summary>Answers with the query bytes and QR set; asynchronously when the first question byte is odd.</summary>
internal sealed class EchoProcessor : IQueryProcessor
{
    public int Processed;

    public ValueTask<int> ProcessAsync(QueryContext context, Memory<byte> output)
    {
        Interlocked.Increment(ref Processed);
        var query = context.Query;
        if (query.Length > 12 && query.Span[12] == 0xEE)
        {
            return ValueTask.FromResult(0); // a packet the processor decides not to answer
        }

        if (query.Length > 12 && (query.Span[12] & 1) == 1)
        {
            return SlowAsync(context, output);
        }

        return ValueTask.FromResult(Echo(query.Span, output.Span));
    }

    private static async ValueTask<int> SlowAsync(QueryContext context, Memory<byte> output)
    {
        await Task.Delay(20);
        return Echo(context.Query.Span, output.Span);
    }

    private static int Echo(ReadOnlySpan<byte> query, Span<byte> output)
    {
        query.CopyTo(output);
        output[2] |= 0x80;
        return query.Length;
    }
}
