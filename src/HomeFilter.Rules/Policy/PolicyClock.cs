namespace HomeFilter.Rules.Policy;

/// <summary>
/// Turns a UTC instant into the local minute of the week in the policy's time zone. The answer is cached per
/// UTC minute (offsets change only on minute boundaries), so a query pays one compare instead of a time-zone
/// conversion. Thread-safe: the cache is one 64-bit word.
/// </summary>
public sealed class PolicyClock
{
    private const int MinuteBits = 14; // 10080 minutes per week < 2^14
    private long _cached = -1;

    /// <summary>Creates a clock for <paramref name="zone"/>.</summary>
    public PolicyClock(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
    }

    /// <summary>The policy's time zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The local minute of the week (Sunday 00:00 = 0) at UTC ticks <paramref name="utcTicks"/>.</summary>
    public int MinuteOfWeek(long utcTicks)
    {
        var minute = utcTicks / TimeSpan.TicksPerMinute;
        var cached = Volatile.Read(ref _cached);
        if ((cached >> MinuteBits) == minute)
        {
            return (int)(cached & ((1 << MinuteBits) - 1));
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(new DateTime(minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc), Zone);
        var result = WeeklyWindow.MinuteOfWeek(local);
        Volatile.Write(ref _cached, (minute << MinuteBits) | (uint)result);
        return result;
    }

    /// <summary>Local time at a UTC instant (for explanations and alerts; not cached).</summary>
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
