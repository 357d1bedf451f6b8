using System.Globalization;
using System.Security.Cryptography;
using HomeFilter.Admin.Accounts;
using HomeFilter.Admin.Audit;
using HomeFilter.Admin.Security;
using HomeFilter.Storage.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>Accounts (people) and named API tokens (automation): list, create, change, delete; every change audited.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/accounts", async (IAccountStore store, CancellationToken cancellationToken) =>
        {
            var accounts = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            return Results.Ok(accounts.Select(a => new AccountView(a.UserName, AdminClaims.RoleName(a.Role), a.CreatedUtc, a.LastLoginUtc, a.Branch)).ToList());
        }).WithSummary("Every account with its role and last login (never a password hash)");

        routes.MapPost("/api/accounts", async (NewAccount body, HttpContext http, AccountService accounts, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            if ((AccountRules.CheckUserName(body.UserName) ?? AccountRules.CheckPassword(body.Password)) is { } problem)
            {
                return ApiProblem.BadRequest(problem);
            }

            if (!TryRole(body.Role, out var role) && !TryBranchAdmin(body.Role, out role))
            {
                return ApiProblem.BadRequest("role must be admin, viewer or branch-admin");
            }

            var branch = string.IsNullOrWhiteSpace(body.Branch) ? null : body.Branch.Trim();
            if (role == AccountRole.BranchAdmin && branch is null)
            {
                return ApiProblem.BadRequest("a branch-admin needs the branch it manages (branch: its HomeFilter:Branch:Id)");
            }

            if (role != AccountRole.BranchAdmin && branch is not null)
            {
                return ApiProblem.BadRequest("only a branch-admin is bound to a branch; leave branch out for admin and viewer");
            }

            var account = await accounts.Store.CreateAsync(accounts.NewAccount(body.UserName!, body.Password!, role) with { Branch = branch }, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                return ApiProblem.Status(StatusCodes.Status409Conflict, $"the user name '{body.UserName}' is taken");
            }

            var view = new AccountView(account.UserName, AdminClaims.RoleName(account.Role), account.CreatedUtc, null, account.Branch);
            await audit.RecordAsync(http, "account.create", account.UserName, null, view, cancellationToken).ConfigureAwait(false);
            return Results.Created($"/api/accounts/{Uri.EscapeDataString(account.UserName)}", view);
        }).WithSummary("Create an account (admin, viewer, or branch-admin with its branch)");

        routes.MapPatch("/api/accounts/{userName}", async (string userName, AccountChange body, HttpContext http, IAccountStore store, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            var existing = await store.FindAsync(userName, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                return ApiProblem.NotFound($"no account '{userName}'");
            }

            AccountRole? role = null;
            if (body.Role is not null)
            {
                if (!TryRole(body.Role, out var parsed))
                {
                    return ApiProblem.BadRequest("role must be admin or viewer");
                }

                role = parsed;
            }

            if (body.Password is not null && AccountRules.CheckPassword(body.Password) is { } problem)
            {
                return ApiProblem.BadRequest(problem);
            }

            if (role == AccountRole.Viewer && existing.Role == AccountRole.Admin && await AdminCountAsync(store, cancellationToken).ConfigureAwait(false) == 1)
            {
                return ApiProblem.Status(StatusCodes.Status409Conflict, "the last admin cannot become a viewer");
            }

            var hash = body.Password is null ? null : AccountService.Hash(existing.UserName, body.Password);
            await store.UpdateAsync(existing.UserName, role, hash, cancellationToken).ConfigureAwait(false);
            await audit.RecordAsync(
                http,
                body.Password is null ? "account.role" : "account.password",
                existing.UserName,
                new { role = AdminClaims.RoleName(existing.Role) },
                new { role = AdminClaims.RoleName(role ?? existing.Role), passwordChanged = body.Password is not null },
                cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        }).WithSummary("Change an account's role or password");

        routes.MapDelete("/api/accounts/{userName}", async (string userName, HttpContext http, IAccountStore store, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            var existing = await store.FindAsync(userName, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                return ApiProblem.NotFound($"no account '{userName}'");
            }

            if (existing.Role == AccountRole.Admin && await AdminCountAsync(store, cancellationToken).ConfigureAwait(false) == 1)
            {
                return ApiProblem.Status(StatusCodes.Status409Conflict, "the last admin account cannot be deleted");
            }

            await store.DeleteAsync(existing.UserName, cancellationToken).ConfigureAwait(false);
            await audit.RecordAsync(http, "account.delete", existing.UserName, new { existing.UserName, role = AdminClaims.RoleName(existing.Role) }, null, cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        }).WithSummary("Delete an account (never the last admin)");

        routes.MapGet("/api/tokens", async (IApiTokenStore store, CancellationToken cancellationToken) =>
        {
            var tokens = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            return Results.Ok(tokens.Select(View).ToList());
        }).WithSummary("Named API tokens (never their secrets)");

        routes.MapPost("/api/tokens", async (NewToken body, HttpContext http, IApiTokenStore store, AuditRecorder audit, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var name = body.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 64)
            {
                return ApiProblem.BadRequest("name must be 1 to 64 characters");
            }

            if (!TryRole(body.Role ?? AdminClaims.ViewerRole, out var role))
            {
                return ApiProblem.BadRequest("role must be admin or viewer");
            }

            var secret = "hf_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var token = await store.CreateAsync(
                new ApiToken
                {
                    Name = name,
                    Role = role,
                    SecretHash = ApiTokenAuthenticationHandler.HashSecret(secret),
                    CreatedUtc = clock.GetUtcNow().UtcDateTime,
                    CreatedBy = AdminClaims.Actor(http.User),
                },
                cancellationToken).ConfigureAwait(false);
            var view = View(token);
            await audit.RecordAsync(http, "token.create", name, null, view, cancellationToken).ConfigureAwait(false);
            return Results.Created(string.Create(CultureInfo.InvariantCulture, $"/api/tokens/{token.Id}"), new CreatedToken(view, secret));
        }).WithSummary("Create a named API token; its secret is in this answer only");

        routes.MapDelete("/api/tokens/{id:long}", async (long id, HttpContext http, IApiTokenStore store, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            var tokens = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            var token = tokens.FirstOrDefault(t => t.Id == id);
            if (token is null || !await store.RevokeAsync(id, cancellationToken).ConfigureAwait(false))
            {
                return ApiProblem.NotFound(string.Create(CultureInfo.InvariantCulture, $"no token {id}"));
            }

            await audit.RecordAsync(http, "token.revoke", token.Name, View(token), null, cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        }).WithSummary("Revoke a named API token");
        return routes;
    }

    private static async Task<int> AdminCountAsync(IAccountStore store, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken).ConfigureAwait(false)).Count(a => a.Role == AccountRole.Admin);

    private static bool TryRole(string? text, out AccountRole role)
    {
        role = AccountRole.Viewer;
        switch (text?.ToLowerInvariant())
        {
            case AdminClaims.AdminRole:
                role = AccountRole.Admin;
                return true;
            case AdminClaims.ViewerRole:
                return true;
            default:
                return false;
        }
    }

    private static bool TryBranchAdmin(string? text, out AccountRole role)
    {
        var match = string.Equals(text, AdminClaims.BranchAdminRole, StringComparison.OrdinalIgnoreCase);
        role = match ? AccountRole.BranchAdmin : AccountRole.Viewer;
        return match;
    }

    private static TokenView View(ApiToken token) => new(token.Id, token.Name, AdminClaims.RoleName(token.Role), token.CreatedUtc, token.CreatedBy, token.LastUsedUtc);

    public sealed record AccountView(string UserName, string Role, DateTime CreatedUtc, DateTime? LastLoginUtc, string? Branch = null);

    public sealed record NewAccount(string? UserName, string? Password, string? Role, string? Branch = null);

    public sealed record AccountChange(string? Role, string? Password);

    public sealed record NewToken(string? Name, string? Role);

    public sealed record TokenView(long Id, string Name, string Role, DateTime CreatedUtc, string CreatedBy, DateTime? LastUsedUtc);

    public sealed record CreatedToken(TokenView Token, string Secret);
}
