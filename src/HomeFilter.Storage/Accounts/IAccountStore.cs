namespace HomeFilter.Storage.Accounts;

/// <summary>Dashboard accounts. User names are unique without regard to case.</summary>
public interface IAccountStore
{
    /// <summary>Creates or migrates the schema; safe to call more than once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);

    Task<Account?> FindAsync(string userName, CancellationToken cancellationToken);

    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new account; null when the user name is taken.</summary>
    Task<Account?> CreateAsync(Account account, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the first account only while there is none, atomically (two set-up requests at once make one account);
    /// null when an account already exists.
    /// </summary>
    Task<Account?> CreateFirstAsync(Account account, CancellationToken cancellationToken);

    /// <summary>False when there is no such account.</summary>
    Task<bool> UpdateAsync(string userName, AccountRole? role, string? passwordHash, CancellationToken cancellationToken);

    /// <summary>False when there is no such account.</summary>
    Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken);

    Task RecordLoginAsync(string userName, DateTime atUtc, CancellationToken cancellationToken);
}
