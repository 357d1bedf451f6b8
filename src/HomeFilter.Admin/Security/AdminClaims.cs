using System.Security.Claims;
using HomeFilter.Storage.Accounts;

namespace HomeFilter.Admin.Security;

/// <summary>Names of the schemes, policies and claims the admin uses, and reading them back from a request's user.</summary>
public static class AdminClaims
{
    public const string CookieScheme = "HomeFilter.Session";
    public const string TokenScheme = "HomeFilter.Token";
    public const string SelectorScheme = "HomeFilter";

    /// <summary>Reads logs, reports and alerts.</summary>
    public const string ViewerPolicy = "viewer";

    /// <summary>Changes anything.</summary>
    public const string AdminPolicy = "admin";

    public const string ViewerRole = "viewer";
    public const string AdminRole = "admin";

    public static string RoleName(AccountRole role) => role == AccountRole.Admin ? AdminRole : ViewerRole;

    public static ClaimsPrincipal Principal(string name, AccountRole role, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, RoleName(role))], scheme));

    /// <summary>Who made a request, as the audit log names them.</summary>
    public static string Actor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name ?? "anonymous";
    }

    public static bool IsCookieSession(ClaimsPrincipal user) => user?.Identity?.AuthenticationType == CookieScheme;
}
