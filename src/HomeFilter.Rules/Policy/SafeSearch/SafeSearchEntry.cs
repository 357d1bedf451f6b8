namespace HomeFilter.Rules.Policy.SafeSearch;

/// <summary>One exact name of the safe-search mapping and the target it is rewritten to.</summary>
/// <param name="Name">The normalised name (lower-case ASCII, no trailing dot); only this name, not its subdomains.</param>
/// <param name="TargetIndex">Index into <see cref="SafeSearchMap.Targets"/>.</param>
public readonly record struct SafeSearchEntry(string Name, int TargetIndex);
