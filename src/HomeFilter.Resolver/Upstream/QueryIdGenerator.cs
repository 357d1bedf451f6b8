using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// Unpredictable 16-bit query IDs, half of the defence against forged answers (the random source port is the
/// other half). Each thread draws 256 IDs at a time from the OS CSPRNG, so an ID costs an array read.
/// </summary>
internal static class QueryIdGenerator
{
    private const int BatchSize = 256;

    [ThreadStatic]
    private static ushort[]? t_batch;

    [ThreadStatic]
    private static int t_next;

    public static ushort Next()
    {
        var batch = t_batch ??= new ushort[BatchSize];
        var next = t_next;
        if (next == 0)
        {
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(batch.AsSpan()));
        }

        t_next = (next + 1) & (BatchSize - 1);
        return batch[next];
    }
}
