namespace HomeFilter.Resolver.Upstream;

/// <summary>An open connection to an upstream and when it was last used.</summary>
internal sealed class PooledConnection(Stream stream)
{
    public Stream Stream => stream;

    /// <summary>Queries answered on it; 0 for a fresh connection.</summary>
    public int Uses { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> when it went back to the pool.</summary>
    public long IdleSinceMs { get; set; }
}
