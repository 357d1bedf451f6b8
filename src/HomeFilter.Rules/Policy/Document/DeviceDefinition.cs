namespace HomeFilter.Rules.Policy.Document;

/// <summary>A device a person has named: its name and the addresses it is known by (for the log, alerts, digests, evidence).</summary>
public sealed class DeviceDefinition
{
    /// <summary>What people call it ("Emma's tablet"): 1–64 characters, no control characters.</summary>
    public string Name { get; set; } = "";

    /// <summary>Single IPv4 or IPv6 addresses; each belongs to at most one device. Group membership stays in groups' <c>clients</c>.</summary>
    public List<string> Addresses { get; set; } = [];
}
