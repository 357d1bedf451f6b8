namespace HomeFilter.Storage.Accounts;

/// <summary>What a person or token may do.</summary>
public enum AccountRole
{
    /// <summary>Reads logs, reports and alerts; changes nothing.</summary>
    Viewer = 1,

    /// <summary>Changes anything.</summary>
    Admin = 2,
}
