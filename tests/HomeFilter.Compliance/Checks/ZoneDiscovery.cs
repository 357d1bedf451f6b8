using System.Net;
using HomeFilter.Compliance.Transport;
using HomeFilter.Compliance.Wire;

namespace HomeFilter.Compliance;

/// <summary>
/// genreport queries a zone's apex (its SOA is the answer most checks expect). The caller names
/// something the server resolves; this finds the zone it lives in from the SOA the server returns
/// for the name, so a server that resolves nothing is reported as a broken setup, not as 64 EDNS
/// failures. It asks SOA, not A, on purpose: an A lookup here would warm the cache the A-flavour
/// checks of a cold run are meant to meet empty.
/// </summary>
internal static class ZoneDiscovery
{
    public static async Task<string> FindZoneAsync(IPEndPoint server, string existingName, EdnsComplianceOptions options,
        CancellationToken cancellationToken)
    {
        var name = DnsName.Normalize(existingName);

        // The SOA of the name's zone comes back as the answer at an apex and in the authority section
        // anywhere else (behind a CNAME it is the target's zone, which serves the checks as well).
        var soa = await LookupAsync(server, name, ComplianceCatalog.TypeSoa, options, cancellationToken).ConfigureAwait(false);
        var apex = soa.Answers.FirstOrDefault(r => r.Type == ComplianceCatalog.TypeSoa)
            ?? soa.Authorities.FirstOrDefault(r => r.Type == ComplianceCatalog.TypeSoa);
        if (apex is not null)
        {
            return apex.Owner;
        }

        var malformed = soa.IsMalformed ? $", malformed: {soa.MalformedReason}" : "";
        throw new ComplianceSetupException(
            $"{server} returned no SOA for {name}. (RCODE {DnsCodes.RcodeText(soa.Rcode).ToUpperInvariant()}{malformed}): " +
            "cannot tell which zone to query.");
    }

    private static async Task<DnsMessage> LookupAsync(IPEndPoint server, string name, ushort type, EdnsComplianceOptions options,
        CancellationToken cancellationToken)
    {
        var id = (ushort)Random.Shared.Next(0x10000);
        var query = QueryWriter.BuildLookup(name, type, id);
        var exchange = await DnsExchange.UdpAsync(server, query, datagram => IsAnswer(datagram, id, name, type), options,
            cancellationToken).ConfigureAwait(false);
        if (exchange.Response is { } udp && (udp[2] & 0x02) != 0)
        {
            exchange = await DnsExchange.TcpAsync(server, query, options, cancellationToken).ConfigureAwait(false);
        }

        if (exchange.Response is not { } response)
        {
            throw new ComplianceSetupException($"{server} did not answer {name}. type {type}: {exchange.FailureWhy}");
        }

        // A malformed answer is the checks' business ("malformed"); here it only matters whether the SOA
        // could be read before the fault.
        return ResponseParser.Parse(response);
    }

    private static bool IsAnswer(ReadOnlySpan<byte> datagram, ushort id, string name, ushort type)
    {
        if (datagram.Length < ResponseParser.HeaderLength || (datagram[2] & 0x80) == 0 || ((datagram[0] << 8) | datagram[1]) != id)
        {
            return false;
        }

        var message = ResponseParser.Parse(datagram);
        return message.Questions.TrueForAll(q => q.Type == type && DnsName.AreEqual(q.Name, name));
    }
}
