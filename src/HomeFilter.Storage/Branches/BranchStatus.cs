namespace HomeFilter.Storage.Branches;

/// <summary>What one branch resolver last reported about itself, for the network view.</summary>
public sealed record BranchStatus
{
    /// <summary><c>HomeFilter:Branch:Id</c>.</summary>
    public required string Id { get; init; }

    /// <summary>When the branch last reported (the store's clock).</summary>
    public DateTime LastContactUtc { get; init; }

    /// <summary>The policy generation the branch is answering with.</summary>
    public long PolicyGeneration { get; init; }

    /// <summary>Queries and blocked queries answered since the branch started.</summary>
    public long Queries { get; init; }

    public long Blocked { get; init; }

    /// <summary>Log rows waiting in the branch's local spool, and the arrival time of the oldest (null: none).</summary>
    public long SpoolDepth { get; init; }

    public DateTime? OldestUnsentUtc { get; init; }

    /// <summary>Whether the branch is ready (listening, rules loaded), and the program version it runs.</summary>
    public bool Healthy { get; init; }

    public string? Version { get; init; }
}
