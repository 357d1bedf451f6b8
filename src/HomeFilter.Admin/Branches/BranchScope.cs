using HomeFilter.Admin.Security;
using Microsoft.AspNetCore.Http;

namespace HomeFilter.Admin.Branches;

/// <summary>
/// Which branch a read shows: a branch admin always its own (whatever it asks for), anyone else the <c>branch=</c>
/// of the request, or every branch.
/// </summary>
internal static class BranchScope
{
    public static string? Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (AdminClaims.BoundBranch(request.HttpContext.User) is { } bound)
        {
            return bound;
        }

        var text = request.Query["branch"].ToString().Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>A 403 for reads not yet kept to one branch (a branch admin must not see the whole network).</summary>
    public static IResult? RefuseBranchAdmin(HttpContext http) =>
        AdminClaims.BoundBranch(http.User) is { } branch
            ? ApiProblem.Status(StatusCodes.Status403Forbidden, $"a branch admin of '{branch}' cannot use this report yet; ask a network admin")
            : null;
}
