namespace HomeFilter.Rules.Policy.Document;

/// <summary>A device a person has named: its name and the addresses it is known by (for the log, alerts, digests, evidence).</summary>
public sealed class DeviceDefinition
{
    /// <summary>What people call it ("Emma's tablet"): 1–64 characters, no control characters.</summary>
    public string Name { get; set; } = "";

    /// <summary>Single IPv4 or IPv6 addresses; each belongs to at most one device. Group membership stays in groups' <c>clients</c>.</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>MAC addresses (<c>aa:bb:cc:dd:ee:ff</c>) the device is known by on the local network, whatever its IP address.</summary>
    public List<string> Macs { get; set; } = [];

    /// <summary>
    /// The client ID the device presents over encrypted DNS (<c>/dns-query/{clientId}</c>, SNI <c>{clientId}.host</c>):
    /// a lower-case DNS label the admin chose ("emma-phone"), or null.
    /// </summary>
    public string? ClientId { get; set; }
}
