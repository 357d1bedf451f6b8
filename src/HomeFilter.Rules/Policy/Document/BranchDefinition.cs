namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// One branch's own part of a network policy: its client networks (groups), its named devices, its local records and
/// extra allowed names. A branch resolver (<c>HomeFilter:Branch:Id</c>) compiles the network-wide part of the document
/// plus only its own branch part (<see cref="PolicyDocuments.ForBranch"/>).
/// </summary>
public sealed class BranchDefinition
{
    /// <summary>The branch id, as the branch's <c>HomeFilter:Branch:Id</c>: 1–63 lower-case letters, digits and <c>-</c>, unique in the document.</summary>
    public string Id { get; set; } = "";

    /// <summary>The branch's groups, added to the network-wide groups; names are unique across the network groups and this branch.</summary>
    public List<GroupDefinition> Groups { get; set; } = [];

    /// <summary>The branch's named devices, added to the network-wide devices.</summary>
    public List<DeviceDefinition> Devices { get; set; } = [];

    /// <summary>Names answered from the policy at this branch only (added to the document's <c>local</c>).</summary>
    public List<LocalRecordDefinition> LocalRecords { get; set; } = [];

    /// <summary>Domains never blocked at this branch, added to the document's <c>allow</c>.</summary>
    public List<string> Allow { get; set; } = [];
}
