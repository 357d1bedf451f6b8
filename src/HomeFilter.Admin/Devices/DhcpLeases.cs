using System.Net;
using HomeFilter.Monitoring.Devices;

namespace HomeFilter.Admin.Devices;

/// <summary>One DHCP lease: the address handed out, the MAC it went to (null when unknown) and the host name the device gave (null when none).</summary>
public sealed record DhcpLease(string Address, string? Mac, string? HostName);

/// <summary>
/// Reads DHCP lease files: dnsmasq's (one lease a line: <c>expiry mac ip hostname clientid</c>, <c>*</c> for none,
/// IPv6 leases with an IAID where the MAC would be) and ISC dhcpd's (<c>lease ip { hardware ethernet …;
/// client-hostname "…"; }</c>, the last block for an address winning). Lines it does not understand are skipped.
/// </summary>
public static class DhcpLeases
{
    public const string SettingKey = "HomeFilter:Identity:LeasesFile";
    public const string DefaultPath = "/var/lib/misc/dnsmasq.leases";

    public static IReadOnlyList<DhcpLease> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains("lease ", StringComparison.Ordinal) && text.Contains('{', StringComparison.Ordinal) ? ParseIsc(text) : ParseDnsmasq(text);
    }

    /// <summary>The leases in a file; none when it is missing or unreadable (suggestions are a convenience, never an error).</summary>
    public static IReadOnlyList<DhcpLease> Read(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            return [];
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static List<DhcpLease> ParseDnsmasq(string text)
    {
        var leases = new List<DhcpLease>();
        foreach (var raw in text.Split('\n'))
        {
            var fields = raw.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // "duid …" heads the IPv6 leases; every lease has at least expiry, MAC/IAID, address.
            if (fields.Length < 3 || !long.TryParse(fields[0], out _) || !IPAddress.TryParse(fields[2], out var address))
            {
                continue;
            }

            var host = fields.Length > 3 && fields[3] != "*" ? fields[3] : null;
            leases.Add(new DhcpLease(address.ToString(), MacAddressText.Normalize(fields[1]), host));
        }

        return leases;
    }

    private static List<DhcpLease> ParseIsc(string text)
    {
        var byAddress = new Dictionary<string, DhcpLease>(StringComparer.Ordinal);
        var order = new List<string>();
        var at = 0;
        while ((at = text.IndexOf("lease ", at, StringComparison.Ordinal)) >= 0)
        {
            var open = text.IndexOf('{', at);
            var close = open < 0 ? -1 : text.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                break;
            }

            var addressText = text[(at + 6)..open].Trim();
            var body = text[(open + 1)..close];
            at = close + 1;
            if (!IPAddress.TryParse(addressText, out var address))
            {
                continue;
            }

            string? mac = null;
            string? host = null;
            foreach (var statement in body.Split(';'))
            {
                var line = statement.Trim();
                if (line.StartsWith("hardware ethernet ", StringComparison.Ordinal))
                {
                    mac = MacAddressText.Normalize(line["hardware ethernet ".Length..].Trim());
                }
                else if (line.StartsWith("client-hostname ", StringComparison.Ordinal))
                {
                    host = line["client-hostname ".Length..].Trim().Trim('"');
                }
            }

            var key = address.ToString();
            if (!byAddress.ContainsKey(key))
            {
                order.Add(key);
            }

            byAddress[key] = new DhcpLease(key, mac, string.IsNullOrEmpty(host) ? null : host);
        }

        var leases = new List<DhcpLease>(order.Count);
        foreach (var key in order)
        {
            leases.Add(byAddress[key]);
        }

        return leases;
    }
}
