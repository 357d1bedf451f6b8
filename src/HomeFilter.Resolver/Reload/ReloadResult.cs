using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Resolver.Reload;

/// <summary>The outcome of a reload or policy import: the generation in force and, on failure, every reason.</summary>
public sealed record ReloadResult(bool Succeeded, long Generation, IReadOnlyList<PolicyError> Errors);
