namespace HomeFilter.Rules.Policy;

/// <summary>
/// Rules the program ships rather than the policy states: the safe-search mapping and the bypass signal names
/// (answered NXDOMAIN: the Firefox DoH canary, iCloud Private Relay).
/// </summary>
/// <param name="SafeSearchTargets">Enforced safe hosts, by index.</param>
/// <param name="SafeSearchNames">Exact names and the index of the target each is rewritten to.</param>
/// <param name="SignalNames">Exact names answered NXDOMAIN when bypass protection is on.</param>
public sealed record BuiltInRules(
    IReadOnlyList<string> SafeSearchTargets,
    IReadOnlyList<KeyValuePair<string, int>> SafeSearchNames,
    IReadOnlyList<string> SignalNames)
{
    /// <summary>No safe search, no signals.</summary>
    public static BuiltInRules None { get; } = new([], [], []);
}
