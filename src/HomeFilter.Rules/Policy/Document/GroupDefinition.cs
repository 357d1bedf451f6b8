namespace HomeFilter.Rules.Policy.Document;

/// <summary>A named group of clients with its rules.</summary>
public sealed class GroupDefinition : GroupRules
{
    /// <summary>Unique name shown in the admin UI and the query log.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// Who is in the group: IPv4/IPv6 addresses and CIDR prefixes (<c>192.168.1.20</c>, <c>fd00::/64</c>), MAC addresses
    /// (<c>02:1a:2b:3c:4d:5e</c>) and client IDs of encrypted DNS written <c>id:emma-phone</c>. Each is in one group at most.
    /// </summary>
    public List<string> Clients { get; set; } = [];
}
