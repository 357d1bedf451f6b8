namespace HomeFilter.Resolver.RateLimit;

/// <summary>
/// Caps how many queries of one address (IPv4 /32, IPv6 /64) wait on upstreams at once, so one client's flood of
/// cache misses cannot take the UDP in-flight slots and the thread pool from everyone else's answers. Counters are
/// a fixed array indexed by a hash of the address key: two addresses that share a counter share the cap, which
/// only ever errs towards limiting (rare with 4,096 counters and a household's devices).
/// </summary>
public sealed class UpstreamInFlight
{
    private const int Counters = 4096;
    private readonly int[] _counts = new int[Counters];
    private readonly int _cap;
    private readonly LimitedClients _limited;

    public UpstreamInFlight(RateLimitOptions options, LimitedClients limited)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cap = options.Enabled ? options.MaxUpstreamInFlight : 0;
        _limited = limited;
    }

    /// <summary>Takes a place for <paramref name="address"/>; false (and counted) when it has <c>MaxUpstreamInFlight</c> waiting already.
    /// A true result must be followed by <see cref="Exit"/>.</summary>
    public bool TryEnter(ReadOnlySpan<byte> address)
    {
        if (_cap <= 0)
        {
            return true;
        }

        var key = PrefixKey.Address(address);
        ref var count = ref _counts[Index(key)];
        if (Interlocked.Increment(ref count) <= _cap)
        {
            return true;
        }

        Interlocked.Decrement(ref count);
        RateLimitMetrics.Count(LimitReason.InFlight);
        _limited.Record(key, LimitReason.InFlight);
        return false;
    }

    public void Exit(ReadOnlySpan<byte> address)
    {
        if (_cap > 0)
        {
            Interlocked.Decrement(ref _counts[Index(PrefixKey.Address(address))]);
        }
    }

    /// <summary>Queries of <paramref name="address"/> (and any address sharing its counter) waiting now.</summary>
    public int Current(ReadOnlySpan<byte> address) => Volatile.Read(ref _counts[Index(PrefixKey.Address(address))]);

    private static int Index(ulong key) => (int)((key * 0x9E37_79B9_7F4A_7C15UL) >> 52);
}
