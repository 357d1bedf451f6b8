using System.Net;
using HomeFilter.Admin.Accounts;
using HomeFilter.Admin.Audit;
using HomeFilter.Admin.Security;
using HomeFilter.Storage.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Admin.Endpoints;

/// <summary>
/// The dashboard session: who am I (and the antiforgery token), first-run set-up, log in, log out. These are the
/// only API routes open without a session: set-up works only while no account exists and only from loopback.
/// </summary>
public static class SessionEndpoints
{
    public const string LoginRateLimit = "login";

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/session", async (HttpContext http, IAntiforgery antiforgery, IAccountStore accounts, CancellationToken cancellationToken) =>
        {
            var none = await accounts.CountAsync(cancellationToken).ConfigureAwait(false) == 0;
            var user = http.User.Identity is { IsAuthenticated: true } ? http.User : null;
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Results.Ok(new SessionInfo(
                user is not null,
                user?.Identity?.Name,
                user is null ? null : user.IsInRole(AdminClaims.AdminRole) ? AdminClaims.AdminRole : user.IsInRole(AdminClaims.BranchAdminRole) ? AdminClaims.BranchAdminRole : AdminClaims.ViewerRole,
                none,
                none && IsLoopback(http),
                tokens.RequestToken));
        }).AllowAnonymous().WithSummary("Who is logged in, whether set-up is needed, and the antiforgery token for changes");

        routes.MapPost("/api/setup", async (Credentials body, HttpContext http, IAntiforgery antiforgery, AccountService accounts, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            if (!await ChangeGuardFilter.IsValidAsync(antiforgery, http).ConfigureAwait(false))
            {
                return ApiProblem.BadRequest("the antiforgery token is missing or invalid; reload the page");
            }

            if (!IsLoopback(http))
            {
                return ApiProblem.Status(StatusCodes.Status403Forbidden, "the first account can only be made from the machine HomeFilter runs on (or with HomeFilter:Admin:InitialPassword)");
            }

            if ((AccountRules.CheckUserName(body.UserName) ?? AccountRules.CheckPassword(body.Password)) is { } problem)
            {
                return ApiProblem.BadRequest(problem);
            }

            var account = await accounts.Store.CreateFirstAsync(accounts.NewAccount(body.UserName!, body.Password!, AccountRole.Admin), cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                return ApiProblem.Status(StatusCodes.Status409Conflict, "an account already exists; log in instead");
            }

            await audit.RecordAsync(account.UserName, http.Connection.RemoteIpAddress?.ToString(), "account.setup", account.UserName, null, new { account.UserName, role = AdminClaims.AdminRole }, cancellationToken).ConfigureAwait(false);
            return Results.Ok(await SignInAsync(http, antiforgery, account).ConfigureAwait(false));
        }).AllowAnonymous().RequireRateLimiting(LoginRateLimit).WithSummary("Create the first admin account (only while none exists, only from loopback)");

        routes.MapPost("/api/login", async (Credentials body, HttpContext http, IAntiforgery antiforgery, AccountService accounts, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            if (!await ChangeGuardFilter.IsValidAsync(antiforgery, http).ConfigureAwait(false))
            {
                return ApiProblem.BadRequest("the antiforgery token is missing or invalid; reload the page");
            }

            var logger = loggers.CreateLogger("HomeFilter.Admin");
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (string.IsNullOrEmpty(body.UserName) || string.IsNullOrEmpty(body.Password) || body.UserName.Length > 64 || body.Password.Length > AccountRules.MaxPasswordLength)
            {
                return ApiProblem.BadRequest("userName and password are required");
            }

            var account = await accounts.VerifyAsync(body.UserName, body.Password, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                AdminLog.LoginFailed(logger, body.UserName, address);
                return ApiProblem.Status(StatusCodes.Status401Unauthorized, "wrong user name or password");
            }

            AdminLog.LoggedIn(logger, account.UserName, address);
            return Results.Ok(await SignInAsync(http, antiforgery, account).ConfigureAwait(false));
        }).AllowAnonymous().RequireRateLimiting(LoginRateLimit).WithSummary("Log in; sets the session cookie and answers with a fresh antiforgery token");

        routes.MapPost("/api/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (AdminClaims.IsCookieSession(http.User) && !await ChangeGuardFilter.IsValidAsync(antiforgery, http).ConfigureAwait(false))
            {
                return ApiProblem.BadRequest("the antiforgery token is missing or invalid; reload the page");
            }

            await http.SignOutAsync(AdminClaims.CookieScheme).ConfigureAwait(false);
            return Results.NoContent();
        }).RequireAuthorization(AdminClaims.ViewerPolicy).WithSummary("End the dashboard session");
        return routes;
    }

    private static async Task<SessionInfo> SignInAsync(HttpContext http, IAntiforgery antiforgery, Account account)
    {
        var principal = AdminClaims.Principal(account.UserName, account.Role, AdminClaims.CookieScheme, account.Branch);
        await http.SignInAsync(AdminClaims.CookieScheme, principal, new AuthenticationProperties { IsPersistent = true }).ConfigureAwait(false);

        // The antiforgery token is bound to the user: the one issued before login no longer fits.
        http.User = principal;
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new SessionInfo(true, account.UserName, AdminClaims.RoleName(account.Role), false, false, tokens.RequestToken);
    }

    private static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    public sealed record Credentials(string? UserName, string? Password);

    public sealed record SessionInfo(bool Authenticated, string? User, string? Role, bool SetupRequired, bool SetupAllowed, string? CsrfToken);
}
