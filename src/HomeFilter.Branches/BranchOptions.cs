namespace HomeFilter.Branches;

/// <summary><c>HomeFilter:Branch</c>: this resolver's place in a network of branches sharing one central store.</summary>
public sealed class BranchOptions
{
    public const string Section = "HomeFilter:Branch";

    /// <summary>The branch id (a label such as <c>central</c>); unset: a single site, everything as without a network.</summary>
    public string? Id { get; set; }

    /// <summary>How often the central policy is checked besides its announcements (seconds).</summary>
    public int PollSeconds { get; set; } = 30;

    /// <summary>Most query-log rows kept in the local spool while the central store is unreachable; beyond it the oldest are dropped as a gap.</summary>
    public long SpoolMaxRows { get; set; } = 5_000_000;

    /// <summary>How often the branch reports its state to the registry (seconds).</summary>
    public int ReportSeconds { get; set; } = 10;

    /// <summary>Whether <see cref="Id"/> is set.</summary>
    public bool IsBranch => !string.IsNullOrWhiteSpace(Id);
}
