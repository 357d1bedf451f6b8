namespace HomeFilter.Resolver.Upstream;

/// <summary>What a recorded result did to an upstream's state, so the caller can log the change once.</summary>
internal enum HealthTransition : byte
{
    None,
    WentDown,
    CameBack,
    ProbeFailed,
}
