using System.Buffers.Binary;
using System.Text;

namespace HomeFilter.Compliance.Tests.Fakes;

/// <summary>
/// A tiny recursive resolver as RFC 6891 wants one, serving compliance.example (SOA, two large
/// DNSKEYs and an A at the apex, www with an A) with placeholder RRSIGs for DO queries. Each
/// <see cref="FakeResolverFaults"/> flag breaks one rule, so the suite can be shown to catch it.
/// </summary>
internal sealed class FakeResolver(FakeResolverFaults faults)
{
    public const string Zone = "compliance.example";
    public const string ExistingName = "www.compliance.example";

    private const ushort TypeA = 1;
    private const ushort TypeSoa = 6;
    private const ushort TypeOpt = 41;
    private const ushort TypeRrsig = 46;
    private const ushort TypeDnskey = 48;
    private const ushort OptionCookie = 10;
    private const ushort OptionUnknown = 100;

    private bool Has(FakeResolverFaults fault) => (faults & fault) != 0;

    public byte[]? Respond(byte[] queryBytes, bool overTcp)
    {
        var query = FakeQuery.Parse(queryBytes);
        var response = query.Opcode != 0 ? RespondToUnknownOpcode(query) : RespondToQuery(query, overTcp);
        if (response is not null && Has(FakeResolverFaults.TrailingGarbage))
        {
            response = [.. response, 0xDE, 0xAD, 0x00];
        }

        return response;
    }

    private byte[]? RespondToUnknownOpcode(FakeQuery query)
    {
        if (Has(FakeResolverFaults.DropUnknownOpcode))
        {
            return null;
        }

        if (Has(FakeResolverFaults.FormErrForTc) && query.Tc)
        {
            return EchoedFormErr(query);
        }

        var flags1 = (byte)(0x80 | (query.Opcode << 3) | (query.Flags1 & 0x01));
        var flags2 = (byte)(Has(FakeResolverFaults.FormErrForUnknownOpcode) ? 1 : 4);
        return Header(query.Id, Decorate(query, flags1), DecorateFlags2(query, flags2), 0, 0, 0, 0);
    }

    private byte[] RespondToQuery(FakeQuery query, bool overTcp)
    {
        if (Has(FakeResolverFaults.FormErrForTc) && query.Tc)
        {
            return EchoedFormErr(query);
        }

        var opt = query.Opt;
        var badVersion = opt is { Version: > 0 } && !Has(FakeResolverFaults.IgnoreEdnsVersion);
        var answers = new List<byte[]>();
        var authority = new List<byte[]>();
        var rcode = 0;
        if (!badVersion)
        {
            rcode = Lookup(query.Name!, query.Type, opt?.Do == true, answers, authority);
        }

        var flags1 = (byte)(0x80 | (Has(FakeResolverFaults.ClearRd) ? 0 : query.Flags1 & 0x01));
        var flags2 = (byte)((Has(FakeResolverFaults.ClearRa) ? 0 : 0x80) | (query.Flags2 & 0x10) | (rcode & 0x0F));
        var additional = new List<byte[]>();
        if (opt is not null && !Has(FakeResolverFaults.StripOpt))
        {
            additional.Add(Opt(opt, extendedRcode: badVersion ? (byte)1 : (byte)0, cookie: !badVersion));
        }

        var message = Assemble(query, Decorate(query, flags1), DecorateFlags2(query, flags2), answers, authority, additional);
        var limit = overTcp || Has(FakeResolverFaults.IgnoreUdpSize) ? int.MaxValue : Math.Max(512, (int)(opt?.UdpSize ?? 512));
        if (message.Length > limit)
        {
            // Truncated: the question and the OPT record, nothing else.
            message = Assemble(query, (byte)(Decorate(query, flags1) | 0x02), DecorateFlags2(query, flags2), [], [], additional);
        }

        return message;
    }

    private byte Decorate(FakeQuery query, byte flags1) => (byte)(flags1 | (Has(FakeResolverFaults.SetAa) ? 0x04 : 0));

    private byte DecorateFlags2(FakeQuery query, byte flags2) =>
        (byte)(flags2 | (Has(FakeResolverFaults.SetAd) ? 0x20 : 0) | (Has(FakeResolverFaults.EchoZ) ? query.Flags2 & 0x40 : 0));

    private static byte[] EchoedFormErr(FakeQuery query)
    {
        var flags1 = (byte)((query.Flags1 | 0x80) & ~0x02);
        var flags2 = (byte)((query.Flags2 & 0xF0) | 1);
        var message = new List<byte>(Header(query.Id, flags1, flags2, query.Name is null ? 0 : 1, 0, 0, 0));
        message.AddRange(query.QuestionBytes);
        return [.. message];
    }

    private static int Lookup(string name, ushort type, bool dnssec, List<byte[]> answers, List<byte[]> authority)
    {
        var isApex = string.Equals(name, Zone, StringComparison.OrdinalIgnoreCase);
        var isWww = string.Equals(name, ExistingName, StringComparison.OrdinalIgnoreCase);
        var found = (isApex, type) switch
        {
            (true, TypeSoa) => [Soa()],
            (true, TypeDnskey) => [Record(Zone, TypeDnskey, DnskeyData(1)), Record(Zone, TypeDnskey, DnskeyData(2))],
            (true, TypeA) => [Record(Zone, TypeA, [192, 0, 2, 10])],
            (false, TypeA) when isWww => [Record(ExistingName, TypeA, [192, 0, 2, 1])],
            _ => new List<byte[]>(),
        };

        if (found.Count > 0)
        {
            answers.AddRange(found);
            if (dnssec)
            {
                answers.Add(Record(name, TypeRrsig, new byte[150]));
            }

            return 0;
        }

        authority.Add(Soa());
        if (dnssec)
        {
            authority.Add(Record(Zone, TypeRrsig, new byte[150]));
        }

        return isApex || isWww ? 0 : 3;
    }

    private byte[] Opt(FakeOpt query, byte extendedRcode, bool cookie)
    {
        var options = new List<byte>();
        foreach (var (code, data) in query.Options)
        {
            if (code == OptionCookie && cookie && data.Length >= 8)
            {
                var client = data[..8];
                if (Has(FakeResolverFaults.WrongServerCookie))
                {
                    client = [9, 9, 9, 9, 9, 9, 9, 9];
                }

                AddOption(options, OptionCookie, [.. client, 0xC0, 0x0C, 0x1E, 0x5E, 0x7E, 0x12, 0x34, 0x56]);
            }
            else if (code == OptionUnknown && Has(FakeResolverFaults.EchoUnknownOption))
            {
                AddOption(options, OptionUnknown, data);
            }
        }

        var flags = (ushort)(query.Do && !Has(FakeResolverFaults.DropDo) ? 0x8000 : 0);
        if (Has(FakeResolverFaults.EchoUndefinedEdnsFlags))
        {
            flags |= (ushort)(query.Flags & 0x7FFF);
        }

        var ttl = new byte[4];
        ttl[0] = extendedRcode;
        BinaryPrimitives.WriteUInt16BigEndian(ttl.AsSpan(2), flags);
        var record = new List<byte> { 0 };
        AddUInt16(record, TypeOpt);
        AddUInt16(record, 1232);
        record.AddRange(ttl);
        AddUInt16(record, (ushort)options.Count);
        record.AddRange(options);
        return [.. record];
    }

    private static byte[] Assemble(FakeQuery query, byte flags1, byte flags2, List<byte[]> answers, List<byte[]> authority,
        List<byte[]> additional)
    {
        var message = new List<byte>(Header(query.Id, flags1, flags2, 1, answers.Count, authority.Count, additional.Count));
        message.AddRange(query.QuestionBytes);
        foreach (var record in answers.Concat(authority).Concat(additional))
        {
            message.AddRange(record);
        }

        return [.. message];
    }

    private static byte[] Header(ushort id, byte flags1, byte flags2, int qd, int an, int ns, int ar)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = flags1;
        header[3] = flags2;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)qd);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)an);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)ns);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)ar);
        return header;
    }

    private static byte[] Soa()
    {
        var data = new List<byte>();
        AddName(data, "ns." + Zone);
        AddName(data, "hostmaster." + Zone);
        foreach (var value in new uint[] { 2025010101, 3600, 900, 1209600, 300 })
        {
            data.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        }

        return Record(Zone, TypeSoa, [.. data]);
    }

    // Flags 257, protocol 3, RSASHA256, a 256-byte "key": two of these overflow a 512-byte buffer.
    private static byte[] DnskeyData(byte fill) => [0x01, 0x01, 3, 8, .. Enumerable.Repeat(fill, 256)];

    private static byte[] Record(string owner, ushort type, byte[] rdata)
    {
        var record = new List<byte>();
        AddName(record, owner);
        AddUInt16(record, type);
        AddUInt16(record, 1);
        record.AddRange([0, 0, 0x0E, 0x10]);
        AddUInt16(record, (ushort)rdata.Length);
        record.AddRange(rdata);
        return [.. record];
    }

    private static void AddName(List<byte> buffer, string name)
    {
        foreach (var label in name.Split('.'))
        {
            buffer.Add((byte)label.Length);
            buffer.AddRange(Encoding.ASCII.GetBytes(label));
        }

        buffer.Add(0);
    }

    private static void AddOption(List<byte> buffer, ushort code, byte[] data)
    {
        AddUInt16(buffer, code);
        AddUInt16(buffer, (ushort)data.Length);
        buffer.AddRange(data);
    }

    private static void AddUInt16(List<byte> buffer, ushort value)
    {
        buffer.Add((byte)(value >> 8));
        buffer.Add((byte)value);
    }
}
