using System.Buffers.Binary;

namespace HomeFilter.Compliance.Wire;

/// <summary>Builds query bytes by hand: the checks send things a well-behaved DNS library refuses to.</summary>
internal static class QueryWriter
{
    public const ushort TypeOpt = 41;
    public const ushort ClassIn = 1;

    /// <summary>The query for a check, always with RD=1 (recursive mode).</summary>
    public static byte[] Build(ComplianceCheck check, string qname, ushort qtype, ushort id)
    {
        ArgumentNullException.ThrowIfNull(check);
        var flags1 = (byte)(((check.Opcode & 0x0F) << 3) | 0x01);
        if (check.HasFlag(QueryHeaderFlags.Aa))
        {
            flags1 |= 0x04;
        }

        if (check.HasFlag(QueryHeaderFlags.Tc))
        {
            flags1 |= 0x02;
        }

        byte flags2 = 0;
        if (check.HasFlag(QueryHeaderFlags.Ra))
        {
            flags2 |= 0x80;
        }

        if (check.HasFlag(QueryHeaderFlags.Z))
        {
            flags2 |= 0x40;
        }

        if (check.HasFlag(QueryHeaderFlags.Ad))
        {
            flags2 |= 0x20;
        }

        if (check.HasFlag(QueryHeaderFlags.Cd))
        {
            flags2 |= 0x10;
        }

        // An unassigned opcode has no defined question format: genreport sends the header alone.
        var withQuestion = check.Opcode == 0;
        return Build(id, flags1, flags2, withQuestion ? qname : null, qtype, check.Edns);
    }

    /// <summary>An ordinary recursive query, for finding the zone before the checks run.</summary>
    public static byte[] BuildLookup(string name, ushort type, ushort id) =>
        Build(id, 0x01, 0, name, type, new EdnsQuery(4096, 0, 0, ReadOnlyMemory<byte>.Empty));

    private static byte[] Build(ushort id, byte flags1, byte flags2, string? qname, ushort qtype, EdnsQuery? edns)
    {
        var buffer = new List<byte>(64);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = flags1;
        header[3] = flags2;
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)(qname is null ? 0 : 1));
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)(edns is null ? 0 : 1));
        buffer.AddRange(header);
        if (qname is not null)
        {
            DnsName.Write(buffer, qname);
            AddUInt16(buffer, qtype);
            AddUInt16(buffer, ClassIn);
        }

        if (edns is not null)
        {
            buffer.Add(0); // root owner
            AddUInt16(buffer, TypeOpt);
            AddUInt16(buffer, edns.UdpSize);
            buffer.Add(0); // extended RCODE
            buffer.Add(edns.Version);
            AddUInt16(buffer, edns.Flags);
            AddUInt16(buffer, (ushort)edns.Options.Length);
            buffer.AddRange(edns.Options.Span);
        }

        return [.. buffer];
    }

    private static void AddUInt16(List<byte> buffer, ushort value)
    {
        buffer.Add((byte)(value >> 8));
        buffer.Add((byte)value);
    }
}
