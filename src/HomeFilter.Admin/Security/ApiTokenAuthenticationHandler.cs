using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using HomeFilter.Storage.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Admin.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> for automation: the machine token (<c>admin-token</c>, role admin) or a
/// named API token made in the dashboard (looked up by the SHA-256 of its secret). No header: no result, so the
/// cookie session is tried instead.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminToken machineToken,
    IApiTokenStore tokens,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string MachineTokenName = "admin-token";
    private const string BearerPrefix = "Bearer ";

    /// <summary>Records "last used" at most this often per token, so automation polling does not write on every request.</summary>
    private static readonly TimeSpan UseRecordInterval = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header.AsSpan(BearerPrefix.Length).Trim();
        if (machineToken.Matches(presented))
        {
            return Success(MachineTokenName, AccountRole.Admin);
        }

        if (presented.Length is < 16 or > 200)
        {
            return AuthenticateResult.Fail("invalid token");
        }

        var hash = HashSecret(presented);
        var token = await tokens.FindBySecretHashAsync(hash, Context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            return AuthenticateResult.Fail("invalid token");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (token.LastUsedUtc is not { } last || now - last > UseRecordInterval)
        {
            await tokens.RecordUseAsync(token.Id, now, Context.RequestAborted).ConfigureAwait(false);
        }

        return Success("token:" + token.Name, token.Role);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => ApiProblem.WriteUnauthorizedAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(detail: "this needs the admin role", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);

    /// <summary>The stored form of a token secret: SHA-256, lower-case hex.</summary>
    public static string HashSecret(ReadOnlySpan<char> secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret.ToString())));

    private AuthenticateResult Success(string name, AccountRole role) =>
        AuthenticateResult.Success(new AuthenticationTicket(AdminClaims.Principal(name, role, AdminClaims.TokenScheme), AdminClaims.TokenScheme));
}
