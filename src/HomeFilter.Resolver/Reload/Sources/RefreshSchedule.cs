namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>When a list source is asked again: after a success, the refresh period ± up to 10 %; after a failure, a back-off.</summary>
public static class RefreshSchedule
{
    /// <summary>The largest share of the period a success's next refresh moves by.</summary>
    public const double Jitter = 0.10;

    /// <summary>The first retry after a failure; each further failure doubles it.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The wait after a success: <paramref name="period"/> moved by up to ±<see cref="Jitter"/>, so lists of one host
    /// loaded together, and many HomeFilters started at the same hour, do not all ask at the same moment.
    /// <paramref name="random"/> is in [0, 1).
    /// </summary>
    public static TimeSpan AfterSuccess(TimeSpan period, double random) =>
        period * (1 + ((random * 2) - 1) * Jitter);

    /// <summary>
    /// The wait after the <paramref name="consecutiveFailures"/>-th failure in a row: 1 min, 2, 4, 8, … but never more
    /// than <paramref name="period"/>, so a host that is down for a day is asked at least as often as a healthy one.
    /// </summary>
    public static TimeSpan AfterFailure(TimeSpan period, int consecutiveFailures)
    {
        var doublings = Math.Clamp(consecutiveFailures - 1, 0, 30);
        var wait = FirstRetry * Math.Pow(2, doublings);
        return wait < period ? wait : period;
    }
}
