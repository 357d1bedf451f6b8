namespace HomeFilter.Rules.Policy.Document;

/// <summary>A named group of clients with its rules.</summary>
public sealed class GroupDefinition : GroupRules
{
    /// <summary>Unique name shown in the admin UI and the query log.</summary>
    public string Name { get; set; } = "";

    /// <summary>IPv4/IPv6 addresses and CIDR prefixes.</summary>
    public List<string> Clients { get; set; } = [];
}
