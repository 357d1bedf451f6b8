using Microsoft.AspNetCore.Http;

namespace HomeFilter.Admin.Security;

/// <summary>Every <c>/api</c> request needs <c>Authorization: Bearer &lt;token&gt;</c>; nothing of the API is public.</summary>
public sealed class BearerTokenMiddleware(RequestDelegate next, AdminToken token)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && token.Matches(header.AsSpan(Scheme.Length).Trim()))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"HomeFilter\"";
        return context.Response.WriteAsJsonAsync(new ApiError("A valid admin token is required (Authorization: Bearer <token>)."));
    }
}
