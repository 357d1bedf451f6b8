namespace HomeFilter.Rules.Policy.Document;

/// <summary>A name answered from the policy.</summary>
public sealed class LocalRecordDefinition
{
    /// <summary>The owner name (answered for itself only, not its subdomains).</summary>
    public string Name { get; set; } = "";

    /// <summary>IPv4 addresses.</summary>
    public List<string> A { get; set; } = [];

    /// <summary>IPv6 addresses.</summary>
    public List<string> Aaaa { get; set; } = [];

    /// <summary>An alias target (alone: no addresses with it).</summary>
    public string? Cname { get; set; }

    /// <summary>Text strings.</summary>
    public List<string> Txt { get; set; } = [];

    /// <summary>Time to live in seconds (default 300).</summary>
    public int? Ttl { get; set; }
}
