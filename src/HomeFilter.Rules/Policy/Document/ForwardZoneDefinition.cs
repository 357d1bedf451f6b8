namespace HomeFilter.Rules.Policy.Document;

/// <summary>Conditional forwarding: a domain and its subdomains go to these servers.</summary>
public sealed class ForwardZoneDefinition
{
    /// <summary>The domain, e.g. <c>home.arpa</c>.</summary>
    public string Domain { get; set; } = "";

    /// <summary>Servers as <c>ip</c> or <c>ip:port</c> (plain DNS).</summary>
    public List<string> Servers { get; set; } = [];
}
