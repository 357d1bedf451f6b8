namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// The whole filtering policy as one JSON document: categories and their lists, explicit allow and deny
/// domains, the rules for clients in no group, the groups, local records and conditional forwarding.
/// Property names are camelCase in JSON; <c>docs/policy.md</c> describes every field.
/// </summary>
public sealed class PolicyDocument
{
    /// <summary>IANA or Windows time zone id used for schedules and night windows; the machine's zone when absent.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Category name → its lists. Names are lower-case letters, digits and <c>-</c>/<c>_</c>.</summary>
    public Dictionary<string, CategoryDefinition> Categories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Domains (with subdomains) never blocked by categories or schedules, for every client.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>Domains (with subdomains) blocked for every client, whatever the categories say.</summary>
    public List<string> Deny { get; set; } = [];

    /// <summary>How blocked names are answered unless a group says otherwise: <c>null</c> (default), <c>nxdomain</c>, <c>refused</c>, or IP addresses (comma separated, at most one IPv4 and one IPv6).</summary>
    public string? BlockMode { get; set; }

    /// <summary>The rules for clients that match no group.</summary>
    public GroupRules Default { get; set; } = new();

    /// <summary>Device groups; a client belongs to the group with its most specific matching address or prefix.</summary>
    public List<GroupDefinition> Groups { get; set; } = [];

    /// <summary>Names answered authoritatively from the policy (e.g. <c>printer.home</c>).</summary>
    public List<LocalRecordDefinition> Local { get; set; } = [];

    /// <summary>Devices people have named (a name for display; membership stays in groups' <c>clients</c>).</summary>
    public List<DeviceDefinition> Devices { get; set; } = [];

    /// <summary>Changes of the rules for a client or group that end by themselves (pause, allow a site, block everything).</summary>
    public List<OverrideDefinition> Overrides { get; set; } = [];

    /// <summary>Domains forwarded to a given server instead of the upstreams (e.g. <c>home.arpa</c> to the router).</summary>
    public List<ForwardZoneDefinition> Forward { get; set; } = [];

    /// <summary>On a branch network: each branch's own groups, devices, local records and allowed names (<see cref="PolicyDocuments.ForBranch"/>).</summary>
    public List<BranchDefinition> Branches { get; set; } = [];
}
