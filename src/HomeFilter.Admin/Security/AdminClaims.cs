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

    /// <summary>Sees and changes only its own branch (<see cref="BranchClaim"/>).</summary>
    public const string BranchAdminRole = "branch-admin";

    /// <summary>The branch a branch admin is bound to.</summary>
    public const string BranchClaim = "homefilter:branch";

    public static string RoleName(AccountRole role) => role switch
    {
        AccountRole.Admin => AdminRole,
        AccountRole.BranchAdmin => BranchAdminRole,
        _ => ViewerRole,
    };

    public static ClaimsPrincipal Principal(string name, AccountRole role, string scheme, string? branch = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, RoleName(role)) };
        if (role == AccountRole.BranchAdmin && branch is not null)
        {
            claims.Add(new Claim(BranchClaim, branch));
        }

        return new(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The one branch this user may see and change, or null for everyone else (network admins, viewers).</summary>
    public static string? BoundBranch(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsInRole(BranchAdminRole))
        {
            return null;
        }

        // A branch admin without a branch sees nothing rather than everything.
        return user.FindFirst(BranchClaim)?.Value ?? "(no branch)";
    }

    /// <summary>Who made a request, as the audit log names them.</summary>
    public static string Actor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name ?? "anonymous";
    }

    public static bool IsCookieSession(ClaimsPrincipal user) => user?.Identity?.AuthenticationType == CookieScheme;
}
