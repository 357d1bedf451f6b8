using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Resolver.Access;

/// <summary>
/// A set of CIDR networks checked against raw address bytes, so access control costs no allocation per query.
/// IPv4-mapped IPv6 addresses (a dual-stack socket's view of an IPv4 client) are matched as IPv4.
/// </summary>
public sealed class ClientNetworks
{
    /// <summary>Loopback, RFC 1918, link-local, CGNAT-free private ranges and IPv6 ULA: a home or branch LAN.</summary>
    public static readonly IReadOnlyList<string> PrivateNetworks =
    [
        "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
        "::1/128", "fe80::/10", "fc00::/7",
    ];

    private readonly Network[] _v4;
    private readonly Network[] _v6;

    private ClientNetworks(Network[] v4, Network[] v6, IReadOnlyList<string> source)
    {
        _v4 = v4;
        _v6 = v6;
        Source = source;
    }

    /// <summary>The networks as configured.</summary>
    public IReadOnlyList<string> Source { get; }

    /// <summary>Parses CIDRs (a bare address means a single host). Throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static ClientNetworks Parse(IReadOnlyList<string> cidrs)
    {
        ArgumentNullException.ThrowIfNull(cidrs);
        var v4 = new List<Network>();
        var v6 = new List<Network>();
        foreach (var text in cidrs)
        {
            var trimmed = text.Trim();
            if (!IPNetwork.TryParse(trimmed, out var network))
            {
                if (IPAddress.TryParse(trimmed, out var single))
                {
                    network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
                }
                else
                {
                    throw new FormatException($"'{text}' is not a network in CIDR form (e.g. 192.168.1.0/24 or fd00::/8).");
                }
            }

            var bytes = network.BaseAddress.GetAddressBytes();
            (bytes.Length == 4 ? v4 : v6).Add(new Network(bytes, network.PrefixLength));
        }

        return new ClientNetworks([.. v4], [.. v6], cidrs);
    }

    /// <summary>True when the 4- or 16-byte address falls in one of the networks.</summary>
    public bool Contains(ReadOnlySpan<byte> address)
    {
        if (address.Length == 16 && IsIPv4Mapped(address))
        {
            address = address[12..];
        }

        var networks = address.Length == 4 ? _v4 : _v6;
        for (var i = 0; i < networks.Length; i++)
        {
            if (networks[i].Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIPv4Mapped(ReadOnlySpan<byte> address)
        => address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xff && address[11] == 0xff;

    private readonly struct Network(byte[] prefix, int prefixLength)
    {
        public bool Contains(ReadOnlySpan<byte> address)
        {
            if (address.Length != prefix.Length)
            {
                return false;
            }

            var fullBytes = prefixLength / 8;
            if (!address[..fullBytes].SequenceEqual(prefix.AsSpan(0, fullBytes)))
            {
                return false;
            }

            var remainingBits = prefixLength % 8;
            if (remainingBits == 0)
            {
                return true;
            }

            var mask = (byte)(0xFF << (8 - remainingBits));
            return (address[fullBytes] & mask) == (prefix[fullBytes] & mask);
        }
    }
}
