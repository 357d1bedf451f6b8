namespace HomeFilter.Monitoring.QueryLog;

/// <summary>
/// Numbers a branch's query-log rows (<c>QueryLogRecord.Sequence</c>) and names the branch: 1, 2, 3… never reused,
/// also across restarts, so a central store can take a batch shipped twice once. A single site has none (rows keep
/// Branch null and Sequence 0).
/// </summary>
public interface IQueryLogSequence
{
    /// <summary>The branch id (<c>HomeFilter:Branch:Id</c>).</summary>
    string Branch { get; }

    /// <summary>Reserves <paramref name="count"/> numbers, durably, and returns the first.</summary>
    long Reserve(int count);
}
