using HomeFilter.Resolver.Pipeline;

namespace HomeFilter.Resolver.Transport;

/// <summary>Turns one received query into the bytes to send back. The transports depend on nothing else.</summary>
public interface IQueryProcessor
{
    /// <summary>
    /// Processes <see cref="QueryContext.Query"/> and writes the response for the client into <paramref name="output"/>.
    /// Returns its length, or 0 when nothing must be sent (a packet that is dropped rather than answered).
    /// Completes synchronously when no I/O is needed (e.g. a cache hit), so the transport can answer without a hop.
    /// </summary>
    ValueTask<int> ProcessAsync(QueryContext context, Memory<byte> output);
}
