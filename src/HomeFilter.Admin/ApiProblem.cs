using Microsoft.AspNetCore.Http;

namespace HomeFilter.Admin;

/// <summary>Every error the API returns is an RFC 9457 problem document: a title for the status and the reason in <c>detail</c>.</summary>
internal static class ApiProblem
{
    public static IResult BadRequest(string detail) => Status(StatusCodes.Status400BadRequest, detail);

    public static IResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);

    public static IResult Status(int statusCode, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: statusCode, extensions: extensions);

    /// <summary>The 401 of every protected route, whichever scheme was tried.</summary>
    public static Task WriteUnauthorizedAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"HomeFilter\"";
        return Status(StatusCodes.Status401Unauthorized, "log in to the dashboard, or send a token (Authorization: Bearer <token>)").ExecuteAsync(http);
    }
}
