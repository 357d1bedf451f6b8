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
}
