namespace HomeFilter.Storage.Branches;

/// <summary>The network's policy, one source of truth for every branch (PostgreSQL on a branch network).</summary>
public interface IPolicyStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema; safe to call more than once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The newest generation, or null when none was ever saved.</summary>
    Task<StoredPolicy?> GetLatestAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="document"/> as the next generation if the newest is still <paramref name="expectedGeneration"/>
    /// (0: none yet) and announces it to every listener; null when someone saved another generation first.
    /// </summary>
    Task<StoredPolicy?> SaveAsync(string document, long expectedGeneration, string? changedBy, CancellationToken cancellationToken);

    /// <summary>
    /// The generation numbers announced after the call, as they are announced (LISTEN/NOTIFY). Ends with an exception
    /// when the connection drops; announcements can be missed, so a caller also polls <see cref="GetLatestAsync"/>.
    /// </summary>
    IAsyncEnumerable<long> WatchAsync(CancellationToken cancellationToken);
}
