using HomeFilter.Resolver.Upstream;
using HomeFilter.Rules.Names;
using HomeFilter.Rules.Policy.Document;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.LocalData;

/// <summary>
/// Conditional forwarding: names at or below a zone (e.g. <c>home.arpa</c>) go to that zone's servers instead of
/// the upstreams. The most specific zone wins. Owned by a rule snapshot; disposed when the snapshot retires.
/// </summary>
public sealed class ForwardZoneSet : IDisposable
{
    private readonly (byte[] Zone, UpstreamSet Servers)[] _zones;

    private ForwardZoneSet((byte[] Zone, UpstreamSet Servers)[] zones) => _zones = zones;

    public static ForwardZoneSet Empty { get; } = new([]);

    public int Count => _zones.Length;

    /// <summary>The servers for a lower-case wire name, or null when no zone covers it.</summary>
    public UpstreamSet? Find(ReadOnlySpan<byte> wireName)
    {
        // Sorted longest zone first: the first covering zone is the most specific.
        foreach (var (zone, servers) in _zones)
        {
            if (WireNames.IsAtOrBelow(wireName, zone))
            {
                return servers;
            }
        }

        return null;
    }

    /// <summary>Builds the zones from a validated document, with the upstream timeouts of <paramref name="template"/>.</summary>
    public static ForwardZoneSet Build(IReadOnlyList<ForwardZoneDefinition> definitions, UpstreamOptions template, ILogger<UpstreamSet> logger)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(template);
        if (definitions.Count == 0)
        {
            return Empty;
        }

        var zones = new List<(byte[] Zone, UpstreamSet Servers)>(definitions.Count);
        try
        {
            foreach (var definition in definitions)
            {
                var options = new UpstreamOptions
                {
                    Upstreams = [.. definition.Servers],
                    UpstreamTimeoutMs = template.UpstreamTimeoutMs,
                    UpstreamDeadlineMs = template.UpstreamDeadlineMs,
                    UpstreamSelection = UpstreamSelection.Ordered,
                    UpstreamFailuresBeforeDown = template.UpstreamFailuresBeforeDown,
                    UpstreamRetryBackoffMs = template.UpstreamRetryBackoffMs,
                    UpstreamMaxRetryBackoffMs = template.UpstreamMaxRetryBackoffMs,
                };
                zones.Add((WireNames.FromDotted(DomainName.Normalize(definition.Domain)), new UpstreamSet(Options.Create(options), logger)));
            }
        }
        catch
        {
            foreach (var (_, servers) in zones)
            {
                servers.Dispose();
            }

            throw;
        }

        zones.Sort(static (a, b) => b.Zone.Length.CompareTo(a.Zone.Length));
        return new ForwardZoneSet([.. zones]);
    }

    public void Dispose()
    {
        foreach (var (_, servers) in _zones)
        {
            servers.Dispose();
        }
    }
}
