namespace HomeFilter.Rules.Policy;

/// <summary>What the query log keeps for a group's clients.</summary>
public enum QueryLogMode
{
    /// <summary>Every query (the default).</summary>
    All,
    /// <summary>Only blocked (and rewritten) queries.</summary>
    Blocked,
    /// <summary>Nothing.</summary>
    None,
}
