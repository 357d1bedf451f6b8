namespace HomeFilter.Rules.Policy.Document;

/// <summary>What applies to a set of clients.</summary>
public class GroupRules
{
    /// <summary>Categories blocked at all times.</summary>
    public List<string> Block { get; set; } = [];

    /// <summary>Rewrite the big search engines and YouTube to their enforced safe modes.</summary>
    public bool SafeSearch { get; set; }

    /// <summary>Windows that add blocks (<c>"*"</c>: everything except the allow entries).</summary>
    public List<ScheduleDefinition> Schedules { get; set; } = [];

    /// <summary>Overrides the document's <see cref="PolicyDocument.BlockMode"/> for this group.</summary>
    public string? BlockMode { get; set; }

    /// <summary>Block DNS bypass routes (DoH canary, iCloud Private Relay, public DoH/DoT resolvers, VPN/proxy services).
    /// Absent: on when the group blocks anything.</summary>
    public bool? BypassProtection { get; set; }

    /// <summary>What the query log keeps for these clients: <c>all</c> (default), <c>blocked</c> or <c>none</c>.</summary>
    public string? Log { get; set; }

    /// <summary>Store client addresses truncated (IPv4 /24, IPv6 /48) instead of whole, e.g. for public PCs.</summary>
    public bool AnonymizeClients { get; set; }

    /// <summary>Alert rule settings for these clients; defaults apply when absent.</summary>
    public GroupAlertSettings? Alerts { get; set; }

    /// <summary>Per-client query rate limit for these clients; the server's defaults apply when absent.</summary>
    public GroupRateLimit? RateLimit { get; set; }
}
