namespace HomeFilter.Rules.Policy;

/// <summary>What the policy does with a query.</summary>
public enum PolicyAction : byte
{
    /// <summary>Resolve normally.</summary>
    Pass,
    /// <summary>Answer with the group's block answer.</summary>
    Block,
    /// <summary>Answer NXDOMAIN whatever the block mode (bypass signals: the DoH canary, iCloud Private Relay).</summary>
    NxDomain,
    /// <summary>Answer a CNAME to the safe-search host and its addresses.</summary>
    Rewrite,
}

/// <summary>Which part of the policy decided.</summary>
public enum DecisionSource : byte
{
    /// <summary>Nothing matched.</summary>
    None,
    /// <summary>A policy <c>allow</c> entry.</summary>
    Allow,
    /// <summary>A policy <c>deny</c> entry.</summary>
    Deny,
    /// <summary>A category the group always blocks.</summary>
    Category,
    /// <summary>A schedule window that is open.</summary>
    Schedule,
    /// <summary>A bypass signal name (answered NXDOMAIN).</summary>
    BypassSignal,
    /// <summary>Safe-search rewriting.</summary>
    SafeSearch,
    /// <summary>An override in force (pause, allow, block everything); <see cref="PolicyDecision.Schedule"/> holds its index in the document.</summary>
    Override,
}

/// <summary>The policy's answer for one query. A value type: deciding allocates nothing.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Source">Why.</param>
/// <param name="Category">The deciding category's bit position, or -1.</param>
/// <param name="Schedule">The deciding schedule's index in the group (the override's index in the document when the source is an override), or -1.</param>
/// <param name="RewriteTarget">The safe-search target index, or -1.</param>
/// <param name="MatchedLabels">Labels, from the right, of the listed name that decided (0 when none).</param>
public readonly record struct PolicyDecision(PolicyAction Action, DecisionSource Source, int Category, int Schedule, int RewriteTarget, int MatchedLabels)
{
    /// <summary>Nothing to do: resolve normally.</summary>
    public static PolicyDecision Pass => new(PolicyAction.Pass, DecisionSource.None, -1, -1, -1, 0);

    /// <summary>True when the query must not be resolved normally.</summary>
    public bool IsBlocked => Action is PolicyAction.Block or PolicyAction.NxDomain;
}
