using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HomeFilter.Rules.Policy.Identity;

namespace HomeFilter.Resolver.Identity;

/// <summary>
/// Reads the two texts the kernel's neighbour table is seen through: <c>/proc/net/arp</c> (IPv4) and the output of
/// <c>ip -6 neigh show</c>. Entries without a usable MAC (incomplete, failed, all zeros, multicast) are left out.
/// Runs off the query path, every few seconds, so plain string handling is fine here.
/// </summary>
public static class NeighbourTableParser
{
    /// <summary>ATF_COM: the entry is complete (has a hardware address).</summary>
    private const int CompleteFlag = 0x2;

    /// <summary>
    /// <c>IP address  HW type  Flags  HW address  Mask  Device</c>, a header line then one entry a line.
    /// Adds the complete entries to <paramref name="v4"/>; returns how many it added.
    /// </summary>
    public static int ParseProcNetArp(string text, Dictionary<uint, ulong> v4)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(v4);
        var added = 0;
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4
                || !IPAddress.TryParse(fields[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork
                || !TryParseFlags(fields[2], out var flags) || (flags & CompleteFlag) == 0
                || !MacAddress.TryParse(fields[3], out var mac) || !MacAddress.IsDeviceAddress(mac))
            {
                continue;
            }

            v4[BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes())] = mac;
            added++;
        }

        return added;
    }

    /// <summary>
    /// <c>fd00::5 dev eth0 lladdr 02:00:00:00:00:05 router REACHABLE</c>, one entry a line. Adds entries with an
    /// <c>lladdr</c> that are not FAILED or INCOMPLETE to <paramref name="v6"/>; returns how many it added.
    /// </summary>
    public static int ParseIpNeigh(string text, Dictionary<UInt128, ulong> v6)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(v6);
        var added = 0;
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var lladdr = Array.IndexOf(fields, "lladdr");
            if (fields.Length < 2 || lladdr < 0 || lladdr + 1 >= fields.Length
                || fields[^1] is "FAILED" or "INCOMPLETE"
                || !IPAddress.TryParse(fields[0], out var address) || address.AddressFamily != AddressFamily.InterNetworkV6
                || !MacAddress.TryParse(fields[lladdr + 1], out var mac) || !MacAddress.IsDeviceAddress(mac))
            {
                continue;
            }

            v6[BinaryPrimitives.ReadUInt128BigEndian(address.GetAddressBytes())] = mac;
            added++;
        }

        return added;
    }

    private static bool TryParseFlags(string text, out int flags)
    {
        flags = 0;
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out flags);
    }
}
