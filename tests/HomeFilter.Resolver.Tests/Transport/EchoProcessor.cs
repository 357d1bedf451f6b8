using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Transport;

namespace HomeFilter.Resolver.Tests.Transport;

/// <summary>
/// Answers with the query bytes and QR set; asynchronously when the first question byte is odd, and only once
/// <see cref="Gate"/> is opened when it is <see cref="Held"/>.
/// </summary>
internal sealed class EchoProcessor : IQueryProcessor
{
    public const byte Held = 0xA1;

    public int Processed;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask<int> ProcessAsync(QueryContext context, Memory<byte> output)
    {
        Interlocked.Increment(ref Processed);
        var query = context.Query;
        if (query.Length > 12 && query.Span[12] == 0xEE)
        {
            return ValueTask.FromResult(0); // a packet the processor decides not to answer
        }

        if (query.Length > 12 && query.Span[12] == Held)
        {
            return HeldAsync(context, output);
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

    private async ValueTask<int> HeldAsync(QueryContext context, Memory<byte> output)
    {
        await Gate.Task;
        return Echo(context.Query.Span, output.Span);
    }

    private static int Echo(ReadOnlySpan<byte> query, Span<byte> output)
    {
        query.CopyTo(output);
        output[2] |= 0x80;
        return query.Length;
    }
}
