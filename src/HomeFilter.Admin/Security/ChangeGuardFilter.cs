using HomeFilter.Storage.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace HomeFilter.Admin.Security;

/// <summary>
/// One rule for every change, so no endpoint can forget it: a request that is not GET/HEAD needs the admin role
/// (viewers get 403), and, when it comes with a dashboard cookie, a valid antiforgery token in the
/// <c>X-CSRF-TOKEN</c> header. Bearer-token requests carry no ambient credential, so they need none.
/// </summary>
public sealed class ChangeGuardFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return await next(context).ConfigureAwait(false);
        }

        if (http.User.IsInRole(AdminClaims.BranchAdminRole) && !BranchScopedChange(http.Request.Path))
        {
            return ApiProblem.Status(StatusCodes.Status403Forbidden, "a branch admin changes only its own branch's groups and devices; this change needs a network admin");
        }

        if (!http.User.IsInRole(AdminClaims.RoleName(AccountRole.Admin)) && !http.User.IsInRole(AdminClaims.BranchAdminRole))
        {
            return ApiProblem.Status(StatusCodes.Status403Forbidden, "this change needs the admin role");
        }

        if (AdminClaims.IsCookieSession(http.User) && !await IsValidAsync(antiforgery, http).ConfigureAwait(false))
        {
            return ApiProblem.Status(StatusCodes.Status400BadRequest, "the antiforgery token is missing or invalid; reload the page");
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>Changes a branch admin may make: its branch's groups and devices (the policy editor keeps them to that branch).</summary>
    private static bool BranchScopedChange(PathString path) =>
        path.StartsWithSegments("/api/groups", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api/devices", StringComparison.OrdinalIgnoreCase);

    internal static async Task<bool> IsValidAsync(IAntiforgery antiforgery, HttpContext http)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}
