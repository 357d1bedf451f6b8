using HomeFilter.Resolver.Reload;

namespace HomeFilter.Branches.Policy;

/// <summary>
/// What a policy change through the central store came to: applied (<see cref="Result"/> succeeded), rejected
/// (<see cref="Result"/> with errors), refused because another generation was saved first (<see cref="Conflict"/>),
/// or not possible because the store cannot be reached (<see cref="Unreachable"/>).
/// </summary>
public sealed record CentralPolicyResult(ReloadResult? Result, bool Conflict = false, string? Unreachable = null, long Generation = 0)
{
    public static CentralPolicyResult Unchanged { get; } = new((ReloadResult?)null);
}
