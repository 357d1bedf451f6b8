using HomeFilter.Admin.Audit;
using HomeFilter.Admin.Endpoints;
using HomeFilter.Admin.Security;
using HomeFilter.Branches.Policy;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;
using Microsoft.AspNetCore.Http;

namespace HomeFilter.Admin.Policy;

/// <summary>
/// Every dashboard change to the policy (a device's name or group, a group's categories, an override) is an edit of
/// the one policy document through <see cref="RuleSnapshotLoader.EditAsync"/>: a copy of the document in force is
/// changed, imported (validated whole, lists built, stored, applied as a new snapshot) and audited. The document
/// stays the whole truth, so export/import and config-as-code still describe everything. On a branch network the
/// edit is saved in the central policy store instead (every branch applies it; a conflict is a 409), and a branch
/// admin's edit is kept to its own branch's groups and devices.
/// </summary>
public sealed class PolicyEditor(RuleSnapshotLoader loader, AuditRecorder audit, BranchPolicyService? central = null)
{
    public async Task<IResult> EditAsync(HttpContext http, string action, string? target, Func<PolicyDocument, PolicyEdit> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(http);
        var branch = AdminClaims.BoundBranch(http.User);
        PolicyEdit? change = null;
        bool Change(PolicyDocument document)
        {
            change = branch is null ? edit(document) : BranchScopedEdit.Apply(document, branch, edit);
            return change.Problem is null;
        }

        ReloadResult? result;
        if (central is not null)
        {
            var saved = await central.EditAsync(Change, AdminClaims.Actor(http.User), cancellationToken).ConfigureAwait(false);
            if (Refused(saved) is { } refused && change?.Problem is null)
            {
                return refused;
            }

            result = saved.Result;
        }
        else
        {
            result = await loader.EditAsync(Change, cancellationToken).ConfigureAwait(false);
        }

        if (change!.Problem is { } problem)
        {
            return problem;
        }

        if (result is not { Succeeded: true })
        {
            return PolicyEndpoints.Rejected("the change was rejected; the running policy stays in force", result?.Errors ?? []);
        }

        await audit.RecordAsync(http, action, target, change.Before, change.After, cancellationToken).ConfigureAwait(false);
        return change.Response ?? Results.Ok(new PolicyEndpoints.PolicyApplied(result.Generation));
    }

    /// <summary>The answer for a central save that did not happen: 409 for a conflict, 503 for an unreachable store.</summary>
    internal static IResult? Refused(CentralPolicyResult saved) =>
        saved.Conflict
            ? ApiProblem.Status(StatusCodes.Status409Conflict, $"the network policy was changed elsewhere after generation {saved.Generation}, which this change was based on; this branch is catching up: reload and make the change again")
            : saved.Unreachable is { } error
                ? ApiProblem.Status(StatusCodes.Status503ServiceUnavailable, $"the central policy store cannot be reached ({error}); the policy in force stays, and changes can be made once the link is back")
                : null;
}

/// <summary>What an edit did: a problem (nothing is stored), or the values before and after for the audit log and an optional answer.</summary>
public sealed record PolicyEdit(object? Before, object? After, IResult? Response = null, IResult? Problem = null)
{
    public static PolicyEdit Refuse(IResult problem) => new(null, null, null, problem);
}
