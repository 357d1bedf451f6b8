namespace HomeFilter.Rules.Policy.Document;

/// <summary>Alert rule settings for a group; every rule is on by default.</summary>
public sealed class GroupAlertSettings
{
    /// <summary>Night activity: non-background queries inside the window.</summary>
    public NightActivitySettings? NightActivity { get; set; }

    /// <summary>Categories whose first blocked hit per device per day raises an alert; default adult, gambling, dating (those defined).</summary>
    public List<string>? SensitiveCategories { get; set; }

    /// <summary>Alert on bypass attempts (DoH canary, DoH/VPN/proxy providers, iCloud Private Relay).</summary>
    public bool? Bypass { get; set; }

    /// <summary>Alert when an active device falls silent while others stay active.</summary>
    public SilenceSettings? Silence { get; set; }
}
