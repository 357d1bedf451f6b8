using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Admin.Devices;

/// <summary>The name a LAN address has in reverse DNS (PTR), or null.</summary>
public interface IReverseLookup
{
    Task<string?> NameOfAsync(IPAddress address, CancellationToken cancellationToken);
}

/// <summary>
/// Reverse lookups through the system resolver, one second at most each, remembered for ten minutes (a name or its
/// absence), and only for private and link-local addresses: a public address's PTR says nothing about a home device.
/// </summary>
public sealed class SystemReverseLookup(TimeProvider clock) : IReverseLookup
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<IPAddress, (string? Name, DateTimeOffset Until)> _cache = new();

    public async Task<string?> NameOfAsync(IPAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IsLocal(address))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(address, out var known) && known.Until > now)
        {
            return known.Name;
        }

        string? name = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var entry = await Dns.GetHostEntryAsync(address.ToString(), timeout.Token).ConfigureAwait(false);
            name = string.IsNullOrWhiteSpace(entry.HostName) || entry.HostName == address.ToString() ? null : entry.HostName;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
        }

        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[address] = (name, now + Remember);
        return name;
    }

    /// <summary>RFC 1918, IPv4 link-local, IPv6 unique-local and link-local (IPv4-mapped forms too).</summary>
    public static bool IsLocal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254);
        }

        return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal;
    }
}
