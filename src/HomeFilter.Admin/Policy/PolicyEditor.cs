using HomeFilter.Admin.Audit;
using HomeFilter.Admin.Endpoints;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;
using Microsoft.AspNetCore.Http;

namespace HomeFilter.Admin.Policy;

/// <summary>
/// Every dashboard change to the policy (a device's name or group, a group's categories, an override) is an edit of
/// the one policy document through <see cref="RuleSnapshotLoader.EditAsync"/>: a copy of the document in force is
/// changed, imported (validated whole, lists built, stored, applied as a new snapshot) and audited. The document
/// stays the whole truth, so export/import and config-as-code still describe everything.
/// </summary>
public sealed class PolicyEditor(RuleSnapshotLoader loader, AuditRecorder audit)
{
    public async Task<IResult> EditAsync(HttpContext http, string action, string? target, Func<PolicyDocument, PolicyEdit> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        PolicyEdit? change = null;
        var result = await loader.EditAsync(
            document =>
            {
                change = edit(document);
                return change.Problem is null;
            },
            cancellationToken).ConfigureAwait(false);
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
}

/// <summary>What an edit did: a problem (nothing is stored), or the values before and after for the audit log and an optional answer.</summary>
public sealed record PolicyEdit(object? Before, object? After, IResult? Response = null, IResult? Problem = null)
{
    public static PolicyEdit Refuse(IResult problem) => new(null, null, null, problem);
}
