namespace HomeFilter.Storage.Accounts;

/// <summary>What a person or token may do.</summary>
public enum AccountRole
{
    /// <summary>Reads logs, reports and alerts; changes nothing.</summary>
    Viewer = 1,

    /// <summary>Changes anything (on a branch network: every branch).</summary>
    Admin = 2,

    /// <summary>On a branch network: reads and manages only its own branch's (<see cref="Account.Branch"/>) groups, devices, logs and alerts.</summary>
    BranchAdmin = 3,
}
