namespace HomeFilter.Rules.Trie;

/// <summary>Which names a list entry covers.</summary>
public enum MatchScope
{
    /// <summary>The name and every name below it (the usual meaning of a DNS blocklist entry).</summary>
    Subtree = 0,

    /// <summary>Only the name itself (adblock <c>|example.com^</c>).</summary>
    Exact = 1,
}
