using System.Globalization;
using System.Net;
using HomeFilter.Admin.Audit;
using HomeFilter.Admin.Policy;
using HomeFilter.Admin.Security;
using HomeFilter.Branches.Policy;
using Microsoft.Extensions.DependencyInjection;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>
/// The policy as a whole document: export, import (validated whole, stored, applied atomically), validation
/// without applying, reload, and explanations of a decision for a client, a name and a time.
/// </summary>
public static class PolicyEndpoints
{
    private const long MaxPolicyBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/policy", (RuleSnapshotLoader loader) => Results.Text(loader.ExportCurrent(), "application/json"));
        routes.MapPut("/api/policy", async (HttpRequest request, RuleSnapshotLoader loader, AuditRecorder audit, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return ApiProblem.BadRequest($"the policy must be a JSON body of at most {MaxPolicyBytes / 1024 / 1024} MiB");
            }

            var before = loader.ExportCurrent();
            ReloadResult result;
            if (services.GetService<BranchPolicyService>() is { } central)
            {
                // A branch network: saved centrally (if nothing newer was saved), then applied by every branch.
                var saved = await central.ImportAsync(body, AdminClaims.Actor(request.HttpContext.User), cancellationToken).ConfigureAwait(false);
                if (PolicyEditor.Refused(saved) is { } refused)
                {
                    return refused;
                }

                result = saved.Result!;
            }
            else
            {
                result = await loader.ImportAsync(body, cancellationToken).ConfigureAwait(false);
            }

            if (!result.Succeeded)
            {
                return Rejected("the policy was rejected; the running policy stays in force", result.Errors);
            }

            await audit.RecordAsync(request.HttpContext, "policy.import", null, before, loader.ExportCurrent(), cancellationToken).ConfigureAwait(false);
            return Results.Ok(new PolicyApplied(result.Generation));
        });
        routes.MapPost("/api/policy/validate", async (HttpRequest request, RuleSnapshotLoader loader, CancellationToken cancellationToken) =>
        {
            var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return ApiProblem.BadRequest($"the policy must be a JSON body of at most {MaxPolicyBytes / 1024 / 1024} MiB");
            }

            var errors = await loader.ValidateAsync(body, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new PolicyValidation(errors.Count == 0, errors));
        });
        routes.MapPost("/api/policy/reload", async (HttpContext http, RuleSnapshotLoader loader, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            var result = await loader.ReloadAsync(cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return Rejected("the reload failed; the running policy stays in force", result.Errors);
            }

            await audit.RecordAsync(http, "policy.reload", null, null, new PolicyApplied(result.Generation), cancellationToken).ConfigureAwait(false);
            return Results.Ok(new PolicyApplied(result.Generation));
        });
        routes.MapGet("/api/policy/explain", (string? client, string? name, string? time, RuleSnapshotHolder rules, TimeProvider clock) =>
        {
            if (string.IsNullOrWhiteSpace(client) || !IPAddress.TryParse(client, out var address))
            {
                return ApiProblem.BadRequest("client must be an IP address");
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                return ApiProblem.BadRequest("name is required");
            }

            var at = clock.GetUtcNow().UtcDateTime;
            if (!string.IsNullOrWhiteSpace(time))
            {
                if (!DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return ApiProblem.BadRequest("time must be an ISO-8601 date and time, e.g. 2026-11-28T21:30:00Z");
                }

                at = parsed.UtcDateTime;
            }

            var snapshot = rules.Current;
            try
            {
                return Results.Ok(PolicyExplainer.Explain(snapshot.Policy, snapshot.Sources, address, name, at));
            }
            catch (FormatException e)
            {
                return ApiProblem.BadRequest(e.Message);
            }
        });
        return routes;
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxPolicyBytes)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[8192];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxPolicyBytes)
            {
                return null;
            }
        }

        return text.ToString();
    }

    public sealed record PolicyApplied(long Generation);

    /// <summary>A 400 problem whose <c>errors</c> member lists every error with its JSON path.</summary>
    internal static IResult Rejected(string detail, IReadOnlyList<PolicyError> errors) =>
        ApiProblem.Status(StatusCodes.Status400BadRequest, detail, new Dictionary<string, object?> { ["errors"] = errors });

    private sealed record PolicyValidation(bool Valid, IReadOnlyList<PolicyError> Errors);
}
