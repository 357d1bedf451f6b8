namespace HomeFilter.Admin.Accounts;

/// <summary>What a user name and a password must be; one message per broken rule.</summary>
internal static class AccountRules
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 200;

    public static string? CheckUserName(string? userName)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 64)
        {
            return "the user name must be 1 to 64 characters";
        }

        foreach (var c in userName)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_' or '@'))
            {
                return "the user name may hold letters, digits, '.', '-', '_' and '@' only";
            }
        }

        return null;
    }

    public static string? CheckPassword(string? password) =>
        password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength
            ? $"the password must be {MinPasswordLength} to {MaxPasswordLength} characters"
            : null;
}
