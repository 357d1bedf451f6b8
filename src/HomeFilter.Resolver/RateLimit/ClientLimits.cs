using System.Diagnostics;

namespace HomeFilter.Resolver.RateLimit;

/// <summary>
/// One group's limits as the bucket table uses them (GCRA: a query costs <c>Interval</c> ticks of the bucket's
/// theoretical arrival time, which may run at most <c>Capacity</c> ticks ahead of now). Interval 0: level off.
/// </summary>
public readonly record struct ClientLimits(long AddressInterval, long AddressCapacity, long NetworkInterval, long NetworkCapacity)
{
    public static ClientLimits Off => default;

    public bool IsOff => AddressInterval == 0 && NetworkInterval == 0;

    /// <summary>Limits from rates per second and bursts, in <see cref="Stopwatch"/> ticks.</summary>
    public static ClientLimits From(int perSecond, int burst, int networkPerSecond, int networkBurst)
    {
        var (addressInterval, addressCapacity) = Level(perSecond, burst);
        var (networkInterval, networkCapacity) = Level(networkPerSecond, networkBurst);
        return new ClientLimits(addressInterval, addressCapacity, networkInterval, networkCapacity);
    }

    private static (long Interval, long Capacity) Level(int perSecond, int burst)
    {
        if (perSecond <= 0)
        {
            return (0, 0);
        }

        var interval = Math.Max(1, Stopwatch.Frequency / perSecond);
        return (interval, interval * Math.Max(1, burst));
    }
}
