using HomeFilter.Storage.Accounts;
using Microsoft.AspNetCore.Identity;

namespace HomeFilter.Admin.Accounts;

/// <summary>Accounts with slow salted password hashes (ASP.NET Core's <see cref="PasswordHasher{TUser}"/>, PBKDF2), never plain passwords.</summary>
public sealed class AccountService(IAccountStore store, TimeProvider clock)
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Checked when the user name is unknown, so a wrong name costs as long as a wrong password.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(string.Empty, "not a password of anyone's");

    public IAccountStore Store => store;

    public Account NewAccount(string userName, string password, AccountRole role) => new()
    {
        UserName = userName,
        Role = role,
        PasswordHash = Hash(userName, password),
        CreatedUtc = clock.GetUtcNow().UtcDateTime,
    };

    public static string Hash(string userName, string password) => Hasher.HashPassword(userName.ToUpperInvariant(), password);

    /// <summary>The account when the password is right, else null; takes as long either way.</summary>
    public async Task<Account?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var account = await store.FindAsync(userName, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            Hasher.VerifyHashedPassword(string.Empty, DummyHash, password);
            return null;
        }

        var result = Hasher.VerifyHashedPassword(account.UserName.ToUpperInvariant(), account.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await store.UpdateAsync(account.UserName, null, Hash(account.UserName, password), cancellationToken).ConfigureAwait(false);
        }

        await store.RecordLoginAsync(account.UserName, clock.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
        return account;
    }
}
