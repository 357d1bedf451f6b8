using System.Net;
using HomeFilter.Monitoring.Devices;
using HomeFilter.Rules.Policy.Document;
using Microsoft.Extensions.Configuration;

namespace HomeFilter.Admin.Devices;

/// <summary>A name the network already has for a client nobody named yet: from a DHCP lease (<c>dhcp</c>) or reverse DNS (<c>ptr</c>).</summary>
public sealed record DeviceSuggestion(string Address, string? Mac, string Name, string Source);

/// <summary>
/// Suggested names for unnamed clients: the host names in the DHCP leases (<c>HomeFilter:Identity:LeasesFile</c>,
/// else dnsmasq's default file when it exists), then the PTR names of the LAN clients the log has seen. A client the
/// policy already names (by address or by the lease's MAC) gets no suggestion.
/// </summary>
public static class DeviceSuggestions
{
    /// <summary>At most this many reverse lookups per request (each waits a second at most, all at once).</summary>
    public const int MaxReverseLookups = 64;

    public static string? LeasesPath(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[DhcpLeases.SettingKey] is { Length: > 0 } configured)
        {
            return configured;
        }

        return File.Exists(DhcpLeases.DefaultPath) ? DhcpLeases.DefaultPath : null;
    }

    public static async Task<IReadOnlyList<DeviceSuggestion>> FindAsync(
        PolicyDocument document, IReadOnlyList<DhcpLease> leases, IEnumerable<string> seenClients, IReverseLookup reverse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(seenClients);
        ArgumentNullException.ThrowIfNull(reverse);
        var namedAddresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var namedMacs = new HashSet<ulong>();
        foreach (var device in document.Devices)
        {
            foreach (var address in device.Addresses)
            {
                namedAddresses.Add(Canonical(address) ?? address);
            }

            foreach (var text in device.Macs ?? [])
            {
                if (MacAddressText.TryParse(text, out var mac))
                {
                    namedMacs.Add(mac);
                }
            }
        }

        bool Named(string address, string? mac) =>
            namedAddresses.Contains(address) || (MacAddressText.TryParse(mac, out var parsed) && namedMacs.Contains(parsed));

        var suggestions = new List<DeviceSuggestion>();
        var suggested = new HashSet<string>(StringComparer.Ordinal);
        var macOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            if (lease.Mac is { } leaseMac)
            {
                macOf[lease.Address] = leaseMac;
            }

            if (lease.HostName is { } host && !Named(lease.Address, lease.Mac) && suggested.Add(lease.Address))
            {
                suggestions.Add(new DeviceSuggestion(lease.Address, lease.Mac, host, "dhcp"));
            }
        }

        var lookups = new List<(string Address, Task<string?> Name)>();
        foreach (var client in seenClients)
        {
            if (lookups.Count >= MaxReverseLookups)
            {
                break;
            }

            if (Canonical(client) is not { } address || suggested.Contains(address) || Named(address, macOf.GetValueOrDefault(address))
                || !SystemReverseLookup.IsLocal(IPAddress.Parse(address)))
            {
                continue;
            }

            suggested.Add(address);
            lookups.Add((address, reverse.NameOfAsync(IPAddress.Parse(address), cancellationToken)));
        }

        foreach (var (address, lookup) in lookups)
        {
            if (await lookup.ConfigureAwait(false) is { Length: > 0 } name)
            {
                // "emma-phone.lan." → "emma-phone": the first label is the name a person gave the device.
                var first = name.TrimEnd('.').Split('.')[0];
                suggestions.Add(new DeviceSuggestion(address, macOf.GetValueOrDefault(address), first.Length > 0 ? first : name, "ptr"));
            }
        }

        return suggestions;
    }

    /// <summary>An address in the policy's form (IPv4-mapped written as IPv4), or null for text that is not one.</summary>
    private static string? Canonical(string text) =>
        IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal)
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : null;
}
