using System.Buffers.Binary;
using System.Text;

namespace HomeFilter.Compliance.Tests.Fakes;

/// <summary>The parts of a query the fake resolver needs, read without the library under test.</summary>
internal sealed record FakeQuery(
    ushort Id,
    byte Flags1,
    byte Flags2,
    string? Name,
    ushort Type,
    byte[] QuestionBytes,
    FakeOpt? Opt)
{
    public int Opcode => (Flags1 >> 3) & 0x0F;
    public bool Rd => (Flags1 & 0x01) != 0;
    public bool Tc => (Flags1 & 0x02) != 0;
    public bool Cd => (Flags2 & 0x10) != 0;

    public static FakeQuery Parse(byte[] query)
    {
        var qdcount = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(4));
        var arcount = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(10));
        var offset = 12;
        string? name = null;
        ushort type = 0;
        if (qdcount > 0)
        {
            var labels = new List<string>();
            while (query[offset] != 0)
            {
                labels.Add(Encoding.ASCII.GetString(query, offset + 1, query[offset]));
                offset += query[offset] + 1;
            }

            offset++;
            name = string.Join('.', labels);
            type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset));
            offset += 4;
        }

        var question = query[12..offset];
        FakeOpt? opt = null;
        if (arcount > 0 && query[offset] == 0 && BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 1)) == 41)
        {
            var udpSize = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 3));
            var version = query[offset + 6];
            var flags = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 7));
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 9));
            var options = new List<(ushort, byte[])>();
            var position = offset + 11;
            var end = position + rdLength;
            while (position < end)
            {
                var code = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(position));
                var length = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(position + 2));
                options.Add((code, query[(position + 4)..(position + 4 + length)]));
                position += 4 + length;
            }

            opt = new FakeOpt(udpSize, version, flags, options);
        }

        return new FakeQuery(BinaryPrimitives.ReadUInt16BigEndian(query), query[2], query[3], name, type, question, opt);
    }
}

internal sealed record FakeOpt(ushort UdpSize, byte Version, ushort Flags, IReadOnlyList<(ushort Code, byte[] Data)> Options)
{
    public bool Do => (Flags & 0x8000) != 0;
}
