using System.Globalization;
using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace HomeFilter.Testing;

/// <summary>
/// The data a <see cref="LoopbackDnsServer"/> serves. Any name it does not hold is NXDOMAIN; a held name
/// without records of the asked type is NODATA; both carry an SOA in the authority section (the closest
/// one added with <see cref="AddSoa"/>, otherwise one synthesised for the name's top-level domain).
/// CNAMEs are followed inside the zone. Thread-safe: tests may change it while the server runs.
/// </summary>
public sealed class LoopbackZone
{
    /// <summary>TTL of the synthesised SOA and its MINIMUM, i.e. the negative TTL when no SOA was added.</summary>
    public const int DefaultNegativeTtl = 60;

    private const int MaxChain = 16;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<DnsRecordBase>> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SoaRecord> _soas = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);

    public LoopbackZone AddA(string name, string address, int ttl = 300)
        => Add(new ARecord(Parse(name), ttl, IPAddress.Parse(address)));

    public LoopbackZone AddAaaa(string name, string address, int ttl = 300)
        => Add(new AaaaRecord(Parse(name), ttl, IPAddress.Parse(address)));

    public LoopbackZone AddCname(string name, string target, int ttl = 300)
        => Add(new CNameRecord(Parse(name), ttl, Parse(target)));

    public LoopbackZone AddTxt(string name, string text, int ttl = 300)
        => Add(new TxtRecord(Parse(name), ttl, text));

    /// <summary>
    /// Adds <paramref name="count"/> TXT records of about 50 bytes each: with the default 40 the answer is
    /// over 2 KB, more than a 1232-byte EDNS buffer, so it is truncated over UDP and complete over TCP.
    /// </summary>
    public LoopbackZone AddLargeTxt(string name, int count = 40, int ttl = 300)
    {
        for (var i = 0; i < count; i++)
        {
            AddTxt(name, "large-answer-record-" + i.ToString("D3", CultureInfo.InvariantCulture) + "-" + new string('x', 24), ttl);
        }

        return this;
    }

    /// <summary>
    /// Makes <paramref name="zone"/> an apex: negative answers for names under it carry this SOA, whose
    /// TTL and MINIMUM decide how long resolvers cache them (RFC 2308).
    /// </summary>
    public LoopbackZone AddSoa(string zone, int ttl = 3600, int minimum = 300)
    {
        var apex = Parse(zone);
        var soa = new SoaRecord(apex, ttl, Parse("ns." + Normalize(zone)), Parse("hostmaster." + Normalize(zone)), 1, 3600, 600, 86400, minimum);
        lock (_lock)
        {
            _soas[Normalize(zone)] = soa;
        }

        return this;
    }

    /// <summary>Makes <paramref name="name"/> answer NXDOMAIN (removes anything held for it).</summary>
    public LoopbackZone AddNxDomain(string name)
    {
        lock (_lock)
        {
            _records.Remove(Normalize(name));
        }

        return this;
    }

    /// <summary>Makes <paramref name="name"/> (exactly, not its subdomains) answer REFUSED, as a server does for a zone it will not serve.</summary>
    public LoopbackZone AddRefused(string name)
    {
        lock (_lock)
        {
            _refused.Add(Normalize(name));
        }

        return this;
    }

    /// <summary>Adds any ARSoft record (its owner name is the key).</summary>
    public LoopbackZone Add(DnsRecordBase record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = Normalize(record.Name.ToString());
        lock (_lock)
        {
            if (!_records.TryGetValue(key, out var list))
            {
                list = [];
                _records.Add(key, list);
            }

            list.Add(record);
        }

        return this;
    }

    /// <summary>Lower case, no trailing dot: the form every lookup and counter uses.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.EndsWith('.') && name.Length > 1 ? name[..^1] : name;
        return trimmed.ToLowerInvariant();
    }

    /// <summary>Fills the answer and authority sections for one question and returns the rcode.</summary>
    internal ReturnCode Resolve(DnsQuestion question, List<DnsRecordBase> answers, List<DnsRecordBase> authority)
    {
        var name = Normalize(question.Name.ToString());
        lock (_lock)
        {
            if (_refused.Contains(name))
            {
                return ReturnCode.Refused;
            }

            for (var hop = 0; hop < MaxChain; hop++)
            {
                if (!_records.TryGetValue(name, out var records))
                {
                    // RFC 6604: the rcode describes the last name of a CNAME chain.
                    authority.Add(SoaFor(name));
                    return ReturnCode.NxDomain;
                }

                CNameRecord? alias = null;
                var found = false;
                foreach (var record in records)
                {
                    if (record.RecordType == question.RecordType || question.RecordType == RecordType.Any)
                    {
                        answers.Add(record);
                        found = true;
                    }
                    else if (record is CNameRecord cname)
                    {
                        alias = cname;
                    }
                }

                if (found)
                {
                    return ReturnCode.NoError;
                }

                if (alias is null)
                {
                    authority.Add(SoaFor(name));
                    return ReturnCode.NoError;
                }

                answers.Add(alias);
                name = Normalize(alias.CanonicalName.ToString());
            }
        }

        return ReturnCode.ServerFailure;
    }

    private SoaRecord SoaFor(string name)
    {
        for (var candidate = name; ; )
        {
            if (_soas.TryGetValue(candidate, out var soa))
            {
                return soa;
            }

            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                var top = Parse(candidate);
                return new SoaRecord(top, DefaultNegativeTtl, Parse("ns." + candidate), Parse("hostmaster." + candidate), 1, 3600, 600, 86400, DefaultNegativeTtl);
            }

            candidate = candidate[(dot + 1)..];
        }
    }

    private static DomainName Parse(string name) => DomainName.Parse(Normalize(name));
}
