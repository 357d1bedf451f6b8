namespace HomeFilter.Storage.QueryLog;

/// <summary>The query log, bound from <c>HomeFilter:QueryLog</c> (the resolver reads <c>Enabled</c> and <c>QueueCapacity</c> too).</summary>
public sealed class QueryLogOptions
{
    public const string Section = "HomeFilter:QueryLog";

    public bool Enabled { get; set; } = true;

    /// <summary>Rows per stored batch at most.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>
    /// No entry waits longer than this to be committed: a batch is stored early enough that its oldest entry is in the
    /// store within this time (the writer subtracts how long its commits take), so a crash loses at most this much of
    /// the log, and the next start says how much that was.
    /// </summary>
    public int FlushMilliseconds { get; set; } = 500;

    /// <summary>The crash journal (<c>querylog.journal</c> in the data directory); null: none (a crash is then not measured).</summary>
    public string? JournalPath { get; set; }

    /// <summary>
    /// Statistics (rollups) are gathered in memory and written at least this often (and before any statistics read);
    /// a crash loses none of them: the next start adds the rows they had not reached yet.
    /// </summary>
    public int RollupFlushSeconds { get; set; } = 5;

    /// <summary>Rows older than this are deleted.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>The oldest rows are deleted while the log uses more than this.</summary>
    public long MaxSizeMegabytes { get; set; } = 1024;

    /// <summary>Rollups (statistics) are kept this long.</summary>
    public int RollupRetentionDays { get; set; } = 400;

    /// <summary>How often retention runs.</summary>
    public int RetentionMinutes { get; set; } = 10;
}
