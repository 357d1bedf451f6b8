namespace HomeFilter.Rules.Trie.Memory;

/// <summary>Where a compiled trie's bytes live.</summary>
public enum TrieMemoryKind
{
    /// <summary>One block of native memory (read from the rules file, or copied from the builder's output).</summary>
    Native,

    /// <summary>One pinned array on the managed pinned-object heap.</summary>
    Pinned,

    /// <summary>A read-only memory-mapped view of the rules file.</summary>
    Mapped,
}
