namespace HomeFilter.Storage.QueryLog;

/// <summary>
/// Which devices and over which range their counts are taken (UTC, <see cref="From"/> inclusive, <see cref="To"/>
/// exclusive; counts come from hourly rollups, so they cover the whole hours the range touches).
/// </summary>
public sealed record DeviceActivityFilter
{
    public required DateTime From { get; init; }

    public required DateTime To { get; init; }

    /// <summary>One client address (null: every client).</summary>
    public string? Client { get; init; }

    /// <summary>
    /// One branch's devices (null: every branch's). The same address at two branches is two devices: first and last
    /// seen, group and counts are that branch's.
    /// </summary>
    public string? Branch { get; init; }
}

/// <summary>
/// A client address that has queried: the group of its latest row (null: no group), when it was first and last seen
/// (exact to the millisecond, kept beyond row retention), and its queries and blocked queries in the filter's range.
/// </summary>
public sealed record DeviceActivity(string Client, string? Group, DateTime FirstSeenUtc, DateTime LastSeenUtc, long Queries, long Blocked);

/// <summary>
/// One client's hourly series over a range (hours with activity only, oldest first, all its groups added up),
/// with the group of its latest row and when it was first seen (which tells how much history it has).
/// </summary>
public sealed record DeviceHours(string Client, string? Group, DateTime FirstSeenUtc, IReadOnlyList<HourlyActivity> Hours);
