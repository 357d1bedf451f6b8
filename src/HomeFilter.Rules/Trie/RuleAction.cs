namespace HomeFilter.Rules.Trie;

/// <summary>Whether a list entry blocks or allows a name.</summary>
public enum RuleAction
{
    /// <summary>The entry blocks the name (in the list's category).</summary>
    Block = 0,

    /// <summary>The entry allows the name, overriding blocks of names above it.</summary>
    Allow = 1,
}
