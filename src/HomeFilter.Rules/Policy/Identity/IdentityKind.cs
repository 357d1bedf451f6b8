namespace HomeFilter.Rules.Policy.Identity;

/// <summary>What recognised a client, strongest first: the order in which a group or a device is looked for.</summary>
public enum IdentityKind : byte
{
    /// <summary>Nothing named the client (default group, no device).</summary>
    None = 0,

    /// <summary>The client ID of an encrypted transport (DoH path, DoT/DoQ SNI).</summary>
    ClientId = 1,

    /// <summary>The MAC address (EDNS0 option from a trusted forwarder, or the kernel's neighbour table).</summary>
    Mac = 2,

    /// <summary>The exact IP address.</summary>
    Address = 3,

    /// <summary>The longest prefix that contains the address (groups only; devices have single addresses).</summary>
    Prefix = 4,
}
