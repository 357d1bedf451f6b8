using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeFilter.Rules.Names;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Resolver.LocalData;

/// <summary>The policy's local names (exact names only), found by wire name without allocating.</summary>
internal sealed class LocalRecordSet
{
    private const int DefaultTtl = 300;
    private readonly Dictionary<byte[], LocalRecord> _records;
    private readonly Dictionary<byte[], LocalRecord>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    private LocalRecordSet(Dictionary<byte[], LocalRecord> records)
    {
        _records = records;
        _lookup = records.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public static LocalRecordSet Empty { get; } = new(new Dictionary<byte[], LocalRecord>(WireNameComparer.Instance));

    public int Count => _records.Count;

    public bool TryGet(ReadOnlySpan<byte> wireName, out LocalRecord record)
    {
        if (_records.Count == 0)
        {
            record = null!;
            return false;
        }

        return _lookup.TryGetValue(wireName, out record!);
    }

    /// <summary>Builds the set from a validated document's <c>local</c> entries.</summary>
    public static LocalRecordSet Build(IReadOnlyList<LocalRecordDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        if (definitions.Count == 0)
        {
            return Empty;
        }

        var records = new Dictionary<byte[], LocalRecord>(WireNameComparer.Instance);
        foreach (var definition in definitions)
        {
            var name = WireNames.FromDotted(DomainName.Normalize(definition.Name));
            records[name] = new LocalRecord
            {
                A = Addresses(definition.A, AddressFamily.InterNetwork, definition.Name),
                Aaaa = Addresses(definition.Aaaa, AddressFamily.InterNetworkV6, definition.Name),
                Cname = string.IsNullOrWhiteSpace(definition.Cname) ? null : WireNames.FromDotted(DomainName.Normalize(definition.Cname)),
                Txt = [.. definition.Txt.Select(TxtRdata)],
                Ttl = (uint)(definition.Ttl ?? DefaultTtl),
            };
        }

        return new LocalRecordSet(records);
    }

    private static byte[][] Addresses(List<string> texts, AddressFamily family, string owner)
    {
        var result = new byte[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            if (!IPAddress.TryParse(texts[i], out var address) || address.AddressFamily != family)
            {
                throw new ArgumentException($"local record {owner}: '{texts[i]}' is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address");
            }

            result[i] = address.GetAddressBytes();
        }

        return result;
    }

    private static byte[] TxtRdata(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var rdata = new List<byte>(bytes.Length + 2);
        for (var at = 0; at < bytes.Length || rdata.Count == 0; at += 255)
        {
            var length = Math.Min(255, bytes.Length - at);
            rdata.Add((byte)length);
            rdata.AddRange(bytes.AsSpan(at, length).ToArray());
        }

        return [.. rdata];
    }
}
