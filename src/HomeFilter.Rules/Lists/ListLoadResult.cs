namespace HomeFilter.Rules.Lists;

/// <summary>What loading one list gave.</summary>
/// <param name="Source">The list.</param>
/// <param name="Report">Its parse report (duplicates counted within the list).</param>
/// <param name="DistinctNames">Distinct names in the list.</param>
/// <param name="RetainedBytes">Size of a trie of this list alone, when per-list figures were asked for; otherwise 0.</param>
/// <param name="BuildTime">Time to build that trie, when asked for.</param>
/// <param name="ParseTime">Time spent reading and parsing the list (and adding its entries).</param>
public sealed record ListLoadResult(
    RuleSource Source,
    ParseReport Report,
    int DistinctNames,
    long RetainedBytes,
    TimeSpan BuildTime,
    TimeSpan ParseTime)
{
    /// <summary>Retained bytes per distinct name for this list alone (0 when not measured).</summary>
    public double BytesPerName => DistinctNames == 0 ? 0 : (double)RetainedBytes / DistinctNames;
}
