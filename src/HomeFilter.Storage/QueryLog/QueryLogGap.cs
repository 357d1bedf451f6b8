namespace HomeFilter.Storage.QueryLog;


/// <summary>
/// <paramref name="Count"/> queries from <paramref name="Client"/> (null: several clients) that arrived between
/// <paramref name="FromUtc"/> and <paramref name="ToUtc"/> and are not in the log, and why (<see cref="QueryLogGapReasons"/>).
/// </summary>
public sealed record QueryLogGap(string? Client, DateTime FromUtc, DateTime ToUtc, long Count, string Reason);

/// <summary>Why queries are missing from the log.</summary>
public static class QueryLogGapReasons
{
    /// <summary>The hand-off queue was full: the writer fell behind (the heaviest clients are dropped first).</summary>
    public const string QueueFull = "queue-full";

    /// <summary>The store kept failing and the batch was given up.</summary>
    public const string StoreFailed = "store-failed";

    /// <summary>The program stopped without flushing (killed, crashed, power lost); the count comes from the crash journal.</summary>
    public const string UncleanStop = "unclean-stop";

    /// <summary>A branch's local spool (kept while the central store was unreachable) was full: its oldest rows were dropped.</summary>
    public const string SpoolFull = "spool-full";
}
