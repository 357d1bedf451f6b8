namespace HomeFilter.Rules.Policy.Overrides;

/// <summary>What an override does while it lasts; the order is the precedence between two that apply at once.</summary>
public enum OverrideKind : byte
{
    /// <summary>No override applies.</summary>
    None,

    /// <summary>Nothing of deny, categories, schedules or safe search applies.</summary>
    Pause,

    /// <summary>Everything but the policy's allow entries (and allow overrides) is blocked.</summary>
    BlockAll,

    /// <summary>The override's names (with subdomains) are allowed.</summary>
    Allow,
}
