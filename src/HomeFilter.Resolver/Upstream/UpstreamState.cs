namespace HomeFilter.Resolver.Upstream;

public enum UpstreamState : byte
{
    /// <summary>In normal use.</summary>
    Healthy,

    /// <summary>
    /// Failed too often in a row: tried only after every healthy upstream (or when none is left), and probed
    /// with one real query once its back-off has passed.
    /// </summary>
    Down,

    /// <summary>Has not answered yet (a new upstream before its first answer): in use, but not known to work.</summary>
    Unknown,
}
