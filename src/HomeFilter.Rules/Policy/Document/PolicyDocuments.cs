namespace HomeFilter.Rules.Policy.Document;

/// <summary>Ready-made policy documents.</summary>
public static class PolicyDocuments
{
    /// <summary>
    /// What runs when no policy file exists: no categories, nothing blocked, every client in the default group.
    /// A new instance on every call, because documents are mutable.
    /// </summary>
    public static PolicyDocument Default => new();
}
