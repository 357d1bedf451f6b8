using System.Text.RegularExpressions;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// Checks the document's <c>branches</c>: ids (a label, unique), each branch's groups (as the network's groups are
/// checked, and with names unique across the network groups and that branch), devices, local records and allowed names.
/// </summary>
internal static partial class PolicyBranchValidator
{
    public const int MaxBranches = 500;

    public static void CheckBranches(PolicyDocument document, PolicyGroupValidator groups, List<PolicyError> errors)
    {
        var branches = document.Branches ?? [];
        var path = JsonPath.Property(JsonPath.Root, "branches");
        if (branches.Count > MaxBranches)
        {
            errors.Add(new PolicyError(path, $"{branches.Count} branches: at most {MaxBranches}"));
        }

        var networkGroups = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var network = document.Groups ?? [];
        for (var g = 0; g < network.Count; g++)
        {
            if (network[g]?.Name is { Length: > 0 } name)
            {
                networkGroups.TryAdd(name, g);
            }
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < branches.Count; b++)
        {
            var branch = branches[b] ?? new BranchDefinition();
            var branchPath = JsonPath.Index(path, b);
            var id = branch.Id ?? "";
            if (!BranchId().IsMatch(id))
            {
                errors.Add(new PolicyError(JsonPath.Property(branchPath, "id"), $"branch id '{id}' must be 1–63 lower-case letters, digits or '-', starting with a letter or digit (as HomeFilter:Branch:Id)"));
            }
            else if (!ids.TryAdd(id, b))
            {
                errors.Add(new PolicyError(JsonPath.Property(branchPath, "id"), $"branch id '{id}' is already used by {JsonPath.Index(path, ids[id])}"));
            }

            var groupsPath = JsonPath.Property(branchPath, "groups");
            var own = branch.Groups ?? [];
            groups.CheckGroups(own, groupsPath);
            for (var g = 0; g < own.Count; g++)
            {
                if (own[g]?.Name is { Length: > 0 } name && networkGroups.TryGetValue(name, out var clash))
                {
                    errors.Add(new PolicyError(
                        JsonPath.Property(JsonPath.Index(groupsPath, g), "name"),
                        $"group name '{name}' is already used by the network group {JsonPath.Index(JsonPath.Property(JsonPath.Root, "groups"), clash)} (names are compared ignoring case)"));
                }
            }

            PolicyDeviceValidator.CheckDevices(branch.Devices ?? [], JsonPath.Property(branchPath, "devices"), errors);
            PolicyRecordValidator.CheckLocal(branch.LocalRecords ?? [], JsonPath.Property(branchPath, "localRecords"), errors);
            PolicyDocumentValidator.CheckDomainList(branch.Allow ?? [], JsonPath.Property(branchPath, "allow"), errors);
        }
    }

    /// <summary>The network's groups and every branch's, for references by name (an override of a branch group).</summary>
    public static List<GroupDefinition> AllGroups(PolicyDocument document)
    {
        var all = new List<GroupDefinition>(document.Groups ?? []);
        foreach (var branch in document.Branches ?? [])
        {
            all.AddRange(branch?.Groups ?? []);
        }

        return all;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex BranchId();
}
