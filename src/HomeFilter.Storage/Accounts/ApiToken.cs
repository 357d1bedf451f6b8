namespace HomeFilter.Storage.Accounts;

/// <summary>
/// A named token for automation. Only <see cref="SecretHash"/> (SHA-256 of the secret, hex) is kept: the secret is
/// shown once when the token is made. Random 256-bit secrets need no slow hash.
/// </summary>
public sealed record ApiToken
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public required AccountRole Role { get; init; }

    public required string SecretHash { get; init; }

    public required DateTime CreatedUtc { get; init; }

    public required string CreatedBy { get; init; }

    public DateTime? LastUsedUtc { get; init; }
}
