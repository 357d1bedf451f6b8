using HomeFilter.Rules.Policy.Document;
using Microsoft.AspNetCore.Http;

namespace HomeFilter.Admin.Policy;

/// <summary>
/// A branch admin's edit of the network document: the edit sees the branch's own groups and devices in the places the
/// network's are (so every group and device endpoint works unchanged) and the network-wide parts read-only; a change to
/// anything else is refused with 403. The branch part is created on its first edit.
/// </summary>
internal static class BranchScopedEdit
{
    public static PolicyEdit Apply(PolicyDocument document, string branchId, Func<PolicyDocument, PolicyEdit> edit)
    {
        var branch = PolicyDocuments.FindBranch(document, branchId);
        var created = branch is null;
        branch ??= new BranchDefinition { Id = branchId };
        var networkGroups = document.Groups;
        var networkDevices = document.Devices;
        var branches = document.Branches;
        document.Groups = branch.Groups ?? [];
        document.Devices = branch.Devices ?? [];
        var before = NetworkPart(document);
        PolicyEdit change;
        try
        {
            change = edit(document);
            if (change.Problem is null && NetworkPart(document) != before)
            {
                change = PolicyEdit.Refuse(ApiProblem.Status(
                    StatusCodes.Status403Forbidden,
                    $"a branch admin changes only the groups and devices of branch '{branchId}'; the network-wide parts of the policy are read-only"));
            }

            branch.Groups = document.Groups;
            branch.Devices = document.Devices;
        }
        finally
        {
            document.Groups = networkGroups;
            document.Devices = networkDevices;
            document.Branches = branches;
        }

        if (created && change.Problem is null)
        {
            (document.Branches ??= []).Add(branch);
        }

        return change;
    }

    /// <summary>The document without the parts a branch admin may change, as text to compare.</summary>
    private static string NetworkPart(PolicyDocument document)
    {
        var groups = document.Groups;
        var devices = document.Devices;
        document.Groups = [];
        document.Devices = [];
        try
        {
            return PolicyDocumentWriter.Write(document);
        }
        finally
        {
            document.Groups = groups;
            document.Devices = devices;
        }
    }
}
