namespace HomeFilter.Resolver.Identity;

/// <summary>Where <see cref="Pipeline.QueryContext.ClientMac"/> came from.</summary>
public enum ClientMacSource : byte
{
    /// <summary>Unknown MAC (0).</summary>
    None = 0,

    /// <summary>A trusted forwarder's EDNS0 option (65001 raw, 65073 base64/text).</summary>
    Option = 1,

    /// <summary>The kernel's neighbour table, by the client's address.</summary>
    NeighbourTable = 2,

    /// <summary>Set by the transport or a caller directly.</summary>
    Transport = 3,
}
