using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Wire;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Wire;

/// <summary>A client's query as the server sees it: the packet and what <see cref="QueryReader"/> read from it.</summary>
internal sealed record ClientQuery(byte[] Packet, ParsedQuery Parsed, byte[] LowerName)
{
    public ReadOnlySpan<byte> OriginalName => Parsed.OriginalName(Packet);
}

/// <summary>Queries and upstream-like responses built with ARSoft.Tools.Net, an implementation independent of ours.</summary>
internal static class WireFixtures
{
    public static ClientQuery Query(string name, RecordType type = RecordType.A, bool edns = false, ushort udpSize = 1232, bool dnssecOk = false, bool checkingDisabled = false, ushort id = 0x1111, bool recursionDesired = true)
    {
        var message = new DnsMessage { TransactionID = id, IsQuery = true, IsRecursionDesired = recursionDesired, IsCheckingDisabled = checkingDisabled };
        message.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        if (edns)
        {
            message.IsEDnsEnabled = true;
            message.EDnsOptions = new OptRecord(udpSize, []);
            message.IsDnsSecOk = dnssecOk;
        }

        var packet = DnsWireCodec.Encode(message);
        var lower = new byte[256];
        var status = QueryReader.TryRead(packet, lower, out var parsed);
        Assert.Equal(QueryReadStatus.Ok, status);
        return new ClientQuery(packet, parsed, lower[..parsed.NameLength]);
    }

    /// <summary>A response as an upstream would send it: its own ID, AA set, RA set, and whatever records are given.</summary>
    public static DnsMessage Response(string name, RecordType type, ReturnCode rcode = ReturnCode.NoError, ushort id = 0x9999)
    {
        var message = new DnsMessage
        {
            TransactionID = id,
            IsQuery = false,
            IsRecursionDesired = true,
            IsRecursionAllowed = true,
            IsAuthoritiveAnswer = true,
            ReturnCode = rcode,
        };
        message.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        return message;
    }

    public static ARecord A(string name, int ttl, string address) => new(DomainName.Parse(name), ttl, IPAddress.Parse(address));

    public static AaaaRecord Aaaa(string name, int ttl, string address) => new(DomainName.Parse(name), ttl, IPAddress.Parse(address));

    public static CNameRecord Cname(string name, int ttl, string target) => new(DomainName.Parse(name), ttl, DomainName.Parse(target));

    public static SoaRecord Soa(string zone, int ttl, int minimum) =>
        new(DomainName.Parse(zone), ttl, DomainName.Parse("ns1." + zone), DomainName.Parse("hostmaster." + zone), 2024010101, 7200, 900, 1209600, minimum);

    public static TxtRecord Txt(string name, int ttl, string text) => new(DomainName.Parse(name), ttl, text);

    public static RrSigRecord RrSig(string name, int ttl, RecordType covered) =>
        new(DomainName.Parse(name), RecordClass.INet, ttl, covered, DnsSecAlgorithm.EcDsaP256Sha256, 2, ttl,
            new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), 12345,
            DomainName.Parse("example.com"), Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());

    /// <summary>A response with many TXT records: about 4.7 KB, too big for any UDP size below 4096.</summary>
    public static DnsMessage BigTxt(string name, int records = 40)
    {
        var message = Response(name, RecordType.Txt);
        for (var i = 0; i < records; i++)
        {
            message.AnswerRecords.Add(Txt(name, 300, $"record {i:D2} " + new string((char)('a' + (i % 26)), 100)));
        }

        return message;
    }

    /// <summary>Encodes with ARSoft and applies raw changes ARSoft cannot express (Z bit, unknown EDNS flags).</summary>
    public static byte[] Encode(DnsMessage message, bool setZ = false)
    {
        var bytes = DnsWireCodec.Encode(message);
        if (setZ)
        {
            bytes[3] |= 0x40;
        }

        return bytes;
    }

    public static byte[] FinalizeFor(byte[] message, ClientQuery client, int maxSize, bool authoritative = false)
    {
        var buffer = new byte[65535];
        var length = ResponseFinalizer.Finalize(message, client.Parsed, client.OriginalName, maxSize, authoritative, buffer);
        Assert.InRange(length, 12, Math.Max(maxSize, 512));
        return buffer[..length];
    }

    /// <summary>Client's limit: 512 without EDNS, its advertised size with EDNS (at least 512), 65535 on TCP.</summary>
    public static int MaxSize(ClientQuery client, bool tcp) =>
        tcp ? 65535 : client.Parsed.HasEdns ? Math.Max((int)client.Parsed.EdnsUdpSize, 512) : 512;
}
