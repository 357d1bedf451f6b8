using System.Text.Json;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>Ready-made policy documents, and the document one branch of a network compiles.</summary>
public static class PolicyDocuments
{
    /// <summary>
    /// What runs when no policy file exists: no categories, nothing blocked, every client in the default group.
    /// A new instance on every call, because documents are mutable.
    /// </summary>
    public static PolicyDocument Default => new();

    /// <summary>
    /// The document branch <paramref name="branchId"/> compiles: a copy of the network-wide part of
    /// <paramref name="document"/> (everything but <c>branches</c>) with that branch's groups, devices and local
    /// records appended to the network's, and its allowed names added to <c>allow</c>. Other branches' parts are left
    /// out. A null id (a single site) or an id the document does not name gives the network-wide part alone. Pure:
    /// <paramref name="document"/> is not changed, and the result shares nothing with it.
    /// </summary>
    public static PolicyDocument ForBranch(PolicyDocument document, string? branchId)
    {
        ArgumentNullException.ThrowIfNull(document);
        var copy = Copy(document);
        var branches = copy.Branches ?? [];
        copy.Branches = [];
        if (branchId is null)
        {
            return copy;
        }

        foreach (var branch in branches)
        {
            if (branch is null || !string.Equals(branch.Id, branchId, StringComparison.Ordinal))
            {
                continue;
            }

            (copy.Groups ??= []).AddRange(branch.Groups ?? []);
            (copy.Devices ??= []).AddRange(branch.Devices ?? []);
            (copy.Local ??= []).AddRange(branch.LocalRecords ?? []);
            (copy.Allow ??= []).AddRange(branch.Allow ?? []);
            break;
        }

        return copy;
    }

    /// <summary>The part of <paramref name="document"/> for <paramref name="branchId"/>, or null when it has none.</summary>
    public static BranchDefinition? FindBranch(PolicyDocument document, string? branchId)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (branchId is null)
        {
            return null;
        }

        foreach (var branch in document.Branches ?? [])
        {
            if (branch is not null && string.Equals(branch.Id, branchId, StringComparison.Ordinal))
            {
                return branch;
            }
        }

        return null;
    }

    /// <summary>A deep copy through the document's own JSON form, so the copy shares no list with the original.</summary>
    public static PolicyDocument Copy(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = JsonSerializer.SerializeToUtf8Bytes(document, PolicyJsonContext.Default.PolicyDocument);
        return JsonSerializer.Deserialize(json, PolicyJsonContext.Default.PolicyDocument) ?? new PolicyDocument();
    }
}
