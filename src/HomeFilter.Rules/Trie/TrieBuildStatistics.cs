namespace HomeFilter.Rules.Trie;

/// <summary>Figures about one <see cref="CategoryTrieBuilder.Build"/>.</summary>
/// <param name="DistinctNames">Distinct names added (after merging duplicates), including the root and TLD entries.</param>
/// <param name="Records">Trie nodes written.</param>
/// <param name="ValueRecords">Nodes that carry a value after redundant children were absorbed.</param>
/// <param name="DistinctValues">Distinct category/allow combinations.</param>
/// <param name="PeakBytes">Largest total size of the builder's own buffers (arenas, tables, sort keys, output) during adds and the build.</param>
/// <param name="BuildTime">Time spent in <see cref="CategoryTrieBuilder.Build"/> (sorting and writing), excluding the adds.</param>
public sealed record TrieBuildStatistics(
    int DistinctNames,
    int Records,
    int ValueRecords,
    int DistinctValues,
    long PeakBytes,
    TimeSpan BuildTime);
