namespace HomeFilter.Rules.Trie;

/// <summary>What <see cref="CategoryTrieBuilder.Add(ReadOnlySpan{char}, RuleValue)"/> did with an entry.</summary>
public enum AddResult
{
    /// <summary>The name was new.</summary>
    Added = 0,

    /// <summary>The name was already present; the entry added categories or allow flags to it.</summary>
    Merged = 1,

    /// <summary>The name was already present with everything the entry says: a duplicate.</summary>
    Duplicate = 2,
}
