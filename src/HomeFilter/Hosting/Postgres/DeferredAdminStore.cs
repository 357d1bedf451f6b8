using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Audit;
using HomeFilter.Storage.Postgres.Admin;

namespace HomeFilter.Hosting.Postgres;

/// <summary>
/// Accounts, tokens and audit in PostgreSQL, opened without waiting for the server (see <see cref="DeferredQueryLogStore"/>).
/// While the database is away at start the account count reads as "some", so the start does not make (or ask for) a
/// first account it cannot store; logins fail until the database answers.
/// </summary>
internal sealed class DeferredAdminStore(PostgresAdminStore inner, PostgresStoreStatus status) : IAccountStore, IApiTokenStore, IAuditStore
{
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        status.Available ? inner.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        status.Available ? inner.CountAsync(cancellationToken) : Task.FromResult(1);

    public Task<Account?> FindAsync(string userName, CancellationToken cancellationToken) => inner.FindAsync(userName, cancellationToken);

    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<Account?> CreateAsync(Account account, CancellationToken cancellationToken) => inner.CreateAsync(account, cancellationToken);

    public Task<Account?> CreateFirstAsync(Account account, CancellationToken cancellationToken) => inner.CreateFirstAsync(account, cancellationToken);

    public Task<bool> UpdateAsync(string userName, AccountRole? role, string? passwordHash, CancellationToken cancellationToken) => inner.UpdateAsync(userName, role, passwordHash, cancellationToken);

    public Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken) => inner.DeleteAsync(userName, cancellationToken);

    public Task RecordLoginAsync(string userName, DateTime atUtc, CancellationToken cancellationToken) => inner.RecordLoginAsync(userName, atUtc, cancellationToken);

    public Task<ApiToken> CreateAsync(ApiToken token, CancellationToken cancellationToken) => inner.CreateAsync(token, cancellationToken);

    Task<IReadOnlyList<ApiToken>> IApiTokenStore.ListAsync(CancellationToken cancellationToken) => ((IApiTokenStore)inner).ListAsync(cancellationToken);

    public Task<ApiToken?> FindBySecretHashAsync(string secretHash, CancellationToken cancellationToken) => inner.FindBySecretHashAsync(secretHash, cancellationToken);

    public Task<bool> RevokeAsync(long id, CancellationToken cancellationToken) => inner.RevokeAsync(id, cancellationToken);

    public Task RecordUseAsync(long id, DateTime atUtc, CancellationToken cancellationToken) => inner.RecordUseAsync(id, atUtc, cancellationToken);

    public Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) => inner.AppendAsync(entry, cancellationToken);

    Task<IReadOnlyList<AuditEntry>> IAuditStore.ListAsync(AuditFilter filter, CancellationToken cancellationToken) => ((IAuditStore)inner).ListAsync(filter, cancellationToken);

    public override string? ToString() => inner.ToString();
}
