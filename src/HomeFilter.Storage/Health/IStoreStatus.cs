namespace HomeFilter.Storage.Health;

/// <summary>
/// Whether a store that lives on another server (PostgreSQL) can be used now, for <c>/health/ready</c>. Embedded
/// stores register none: they are available once opened.
/// </summary>
public interface IStoreStatus
{
    /// <summary>The store's schema is in place and the server answered.</summary>
    bool Available { get; }

    /// <summary>Why it is not available (one line, no secrets), or null.</summary>
    string? Problem { get; }
}
