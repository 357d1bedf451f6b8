using HomeFilter.Resolver.Access;
using HomeFilter.Resolver.Pipeline;

namespace HomeFilter.Resolver.Identity;

/// <summary>
/// Fills the identity facts of a parsed query before it is settled: the client's MAC (from a trusted forwarder's
/// option, else the neighbour table) and, from a trusted forwarder's ECS, the original client's address. Runs once
/// per query at entry, allocating nothing.
/// </summary>
public sealed class ClientIdentifier
{
    private readonly ClientNetworks _trusted;
    private readonly NeighbourTable? _neighbours;

    public ClientIdentifier(IdentityOptions options, NeighbourTable neighbours)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(neighbours);
        _trusted = ClientNetworks.Parse(options.EffectiveTrustedForwarders);
        _neighbours = options.NeighbourTable ? neighbours : null;
    }

    private ClientIdentifier()
    {
        _trusted = ClientNetworks.Parse([]);
        _neighbours = null;
    }

    /// <summary>Nothing beyond what the transport set: no option believed, no neighbour table.</summary>
    public static ClientIdentifier AddressOnly { get; } = new();

    public void Identify(QueryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ref readonly var parsed = ref context.Parsed;
        if (parsed.HasIdentityOptions)
        {
            if (_trusted.Contains(context.ClientAddressBytes))
            {
                if (parsed.MacOption != 0 && context.ClientMac == 0)
                {
                    context.SetClientMac(parsed.MacOption, ClientMacSource.Option);
                }

                context.SetIdentityAddressFromSubnet();
            }
            else
            {
                IdentityMetrics.CountUntrusted();
            }
        }

        if (context.ClientMac == 0 && _neighbours is not null)
        {
            var mac = _neighbours.Current.Find(context.IdentityAddressBytes);
            if (mac != 0)
            {
                context.SetClientMac(mac, ClientMacSource.NeighbourTable);
            }
        }
    }
}
