namespace HomeFilter.Storage.QueryLog;

/// <summary>Whose activity and over which range (UTC, <see cref="From"/> inclusive, <see cref="To"/> exclusive).</summary>
public sealed record StatisticsFilter
{
    /// <summary>One client (null: not filtered by client).</summary>
    public string? Client { get; init; }

    /// <summary>One group (null: not filtered by group).</summary>
    public string? Group { get; init; }

    /// <summary>One branch of a network (null: every branch; a single site's rows have none).</summary>
    public string? Branch { get; init; }

    public required DateTime From { get; init; }

    public required DateTime To { get; init; }

    /// <summary>How many top names and categories (default 10).</summary>
    public int Top { get; init; } = 10;
}

/// <summary>A name or category and how often it was seen.</summary>
public sealed record CountedItem(string Key, long Count);

/// <summary>Queries and blocked queries in one hour (UTC start).</summary>
public sealed record HourlyActivity(DateTime HourUtc, long Queries, long Blocked);

/// <summary>
/// Activity over a range. Totals and the hourly series come from hourly rollups; top names and categories from
/// daily rollups, so they cover the whole days the range touches.
/// </summary>
public sealed record ActivityStatistics(
    long Queries,
    long Blocked,
    IReadOnlyList<CountedItem> TopNames,
    IReadOnlyList<CountedItem> TopBlockedNames,
    IReadOnlyList<CountedItem> TopBlockedCategories,
    IReadOnlyList<HourlyActivity> Hours);

/// <summary>What a retention pass deleted.</summary>
public sealed record RetentionResult(long DeletedByAge, long DeletedBySize, long BytesUsed);

/// <summary>The log's extent and size.</summary>
public sealed record QueryLogStoreInfo(long Rows, DateTime? OldestUtc, DateTime? NewestUtc, long BytesUsed, long BytesOnDisk, long NewestId = 0);
