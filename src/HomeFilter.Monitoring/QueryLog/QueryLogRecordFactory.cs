using System.Net;
using HomeFilter.Monitoring.Devices;
using HomeFilter.Resolver.QueryLog;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.QueryLog;

/// <summary>
/// Turns the resolver's pooled byte entries into stored rows (text), on the writer's thread. The texts of clients,
/// names and answer addresses repeat all day, so each is made once and reused (bounded caches): a row then allocates
/// little more than its record, which keeps the collector, and the pauses it would cause the DNS threads, quiet.
/// </summary>
public sealed class QueryLogRecordFactory
{
    private const int MaxCached = 100_000;
    private readonly Dictionary<ClientAddressKey, string> _addresses = [];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;
    private readonly Dictionary<ulong, string> _macs = [];
    private readonly char[] _dotted = new char[256];

    /// <summary>The named devices of the policy in force (the writer swaps it when the generation changes).</summary>
    public DeviceLookup Devices { get; set; } = DeviceLookup.Empty;

    public QueryLogRecordFactory() => _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public QueryLogRecord From(QueryLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var answers = entry.AnswerCount == 0 ? [] : new string[entry.AnswerCount];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = Address(entry.Answer(i));
        }

        var time = entry.TimeUtc;
        return new QueryLogRecord
        {
            // Millisecond precision: what the store keeps and an export shows.
            TimeUtc = new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc),
            Client = entry.ClientAddressLength is 4 or 16 ? Address(entry.ClientAddress) : "",
            Group = entry.Group,
            Name = Name(entry.WireName),
            Type = entry.QueryType,
            Outcome = entry.Outcome,
            Category = entry.Category,
            Rule = entry.Rule,
            Upstream = entry.Upstream,
            UpstreamMicroseconds = entry.UpstreamMicroseconds,
            DurationMicroseconds = entry.DurationMicroseconds,
            ResponseCode = entry.ResponseCode,
            Answers = answers,
            Generation = entry.Generation,
            Device = Devices.Find(entry.ClientId, entry.ClientMac, entry.ClientAddress),
            Mac = entry.ClientMac == 0 ? null : Mac(entry.ClientMac),
            ClientId = entry.ClientId,
        };
    }

    private string Address(ReadOnlySpan<byte> address)
    {
        var key = ClientAddressKey.From(address);
        if (_addresses.TryGetValue(key, out var text))
        {
            return text;
        }

        if (_addresses.Count >= MaxCached)
        {
            _addresses.Clear();
        }

        text = new IPAddress(address).ToString();
        _addresses[key] = text;
        return text;
    }

    private string Mac(ulong mac)
    {
        if (_macs.TryGetValue(mac, out var text))
        {
            return text;
        }

        if (_macs.Count >= MaxCached)
        {
            _macs.Clear();
        }

        text = MacAddressText.Format(mac);
        _macs[mac] = text;
        return text;
    }

    /// <summary>The dotted name (lower-case, no trailing dot; "." for the root), from the cache when seen before.</summary>
    private string Name(ReadOnlySpan<byte> wire)
    {
        var length = Dotted(wire, _dotted);
        var dotted = _dotted.AsSpan(0, length);
        if (_nameLookup.TryGetValue(dotted, out var name))
        {
            return name;
        }

        if (_names.Count >= MaxCached)
        {
            _names.Clear();
        }

        name = new string(dotted);
        _names[name] = name;
        return name;
    }

    private static int Dotted(ReadOnlySpan<byte> wire, Span<char> into)
    {
        if (wire.Length <= 1)
        {
            into[0] = '.';
            return 1;
        }

        var written = 0;
        var at = 0;
        while (at < wire.Length && wire[at] != 0)
        {
            var length = Math.Min(wire[at], wire.Length - at - 1);
            if (written > 0)
            {
                into[written++] = '.';
            }

            for (var i = 0; i < length && written < into.Length; i++)
            {
                // As ASCII decoding does: a byte outside ASCII becomes '?'.
                var b = wire[at + 1 + i];
                into[written++] = b < 0x80 ? (char)b : '?';
            }

            at += 1 + wire[at];
        }

        return written;
    }
}
