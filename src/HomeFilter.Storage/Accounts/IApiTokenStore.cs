namespace HomeFilter.Storage.Accounts;

/// <summary>Named API tokens; a revoked token is deleted.</summary>
public interface IApiTokenStore
{
    Task<ApiToken> CreateAsync(ApiToken token, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken);

    Task<ApiToken?> FindBySecretHashAsync(string secretHash, CancellationToken cancellationToken);

    /// <summary>False when there is no such token.</summary>
    Task<bool> RevokeAsync(long id, CancellationToken cancellationToken);

    Task RecordUseAsync(long id, DateTime atUtc, CancellationToken cancellationToken);
}
