using HomeFilter.Admin.Audit;
using HomeFilter.Admin.Endpoints;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;
using Microsoft.AspNetCore.Http;

namespace HomeFilter.Admin.Policy;

/// <summary>
/// Every dashboard change to the policy (a device's name or group, a group's categories, an override) is an edit of
/// the one policy document: read the document in force, change it, import it through the loader (validated whole,
/// lists built, stored, then applied as a new snapshot), audit it. Edits are serialised, so two at once never lose
/// one another; the document stays the whole truth, so export/import and config-as-code still describe everything.
/// </summary>
public sealed class PolicyEditor(RuleSnapshotLoader loader, AuditRecorder audit)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The document in force, as a copy that may be changed.</summary>
    public PolicyDocument Current() => PolicyDocumentReader.Read(loader.ExportCurrent()).Document
        ?? throw new InvalidOperationException("the policy in force could not be read back");

    public async Task<IResult> EditAsync(HttpContext http, string action, string? target, Func<PolicyDocument, PolicyEdit> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = Current();
            var change = edit(document);
            if (change.Problem is { } problem)
            {
                return problem;
            }

            var result = await loader.ImportAsync(PolicyDocumentWriter.Write(document), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return PolicyEndpoints.Rejected("the change was rejected; the running policy stays in force", result.Errors);
            }

            await audit.RecordAsync(http, action, target, change.Before, change.After, cancellationToken).ConfigureAwait(false);
            return change.Response ?? Results.Ok(new PolicyEndpoints.PolicyApplied(result.Generation));
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>What an edit did: a problem (nothing is stored), or the values before and after for the audit log and an optional answer.</summary>
public sealed record PolicyEdit(object? Before, object? After, IResult? Response = null, IResult? Problem = null)
{
    public static PolicyEdit Refuse(IResult problem) => new(null, null, null, problem);
}
