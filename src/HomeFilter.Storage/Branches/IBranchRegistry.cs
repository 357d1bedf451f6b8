namespace HomeFilter.Storage.Branches;

/// <summary>Where branch resolvers report their state, and where the network view reads it.</summary>
public interface IBranchRegistry
{
    /// <summary>Creates or migrates the schema; safe to call more than once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores the branch's latest state (one row per branch; <see cref="BranchStatus.LastContactUtc"/> is set by the store).</summary>
    Task ReportAsync(BranchStatus status, CancellationToken cancellationToken);

    /// <summary>Every branch that ever reported, by id.</summary>
    Task<IReadOnlyList<BranchStatus>> ListAsync(CancellationToken cancellationToken);
}
