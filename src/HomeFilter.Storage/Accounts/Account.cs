namespace HomeFilter.Storage.Accounts;

/// <summary>A person who may log in to the dashboard. <see cref="PasswordHash"/> is a slow salted hash, never the password.</summary>
public sealed record Account
{
    public long Id { get; init; }

    /// <summary>Unique, compared without regard to case.</summary>
    public required string UserName { get; init; }

    public required AccountRole Role { get; init; }

    /// <summary>The one branch a <see cref="AccountRole.BranchAdmin"/> manages; null for every other role.</summary>
    public string? Branch { get; init; }

    public required string PasswordHash { get; init; }

    public required DateTime CreatedUtc { get; init; }

    public DateTime? LastLoginUtc { get; init; }
}
