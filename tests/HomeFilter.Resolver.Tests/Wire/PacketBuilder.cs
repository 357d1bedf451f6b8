using System.Buffers.Binary;
using System.Text;

namespace HomeFilter.Resolver.Tests.Wire;

/// <summary>Writes raw DNS bytes by hand, including the malformed ones no DNS library would produce.</summary>
internal sealed class PacketBuilder
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public static PacketBuilder Query(ushort id = 0x1234, ushort flags = 0x0100, int qd = 1, int an = 0, int ns = 0, int ar = 0) =>
        new PacketBuilder().Header(id, flags, qd, an, ns, ar);

    public PacketBuilder Header(ushort id, ushort flags, int qd, int an, int ns, int ar) =>
        UInt16(id).UInt16(flags).UInt16(qd).UInt16(an).UInt16(ns).UInt16(ar);

    /// <summary>Labels then the root, e.g. Name("www", "Example", "com").</summary>
    public PacketBuilder Name(params string[] labels)
    {
        foreach (var label in labels)
        {
            Label(label);
        }

        return Byte(0);
    }

    public PacketBuilder Label(string label)
    {
        var bytes = Encoding.ASCII.GetBytes(label);
        _bytes.Add((byte)bytes.Length);
        _bytes.AddRange(bytes);
        return this;
    }

    public PacketBuilder Pointer(int offset) => Byte((byte)(0xC0 | (offset >> 8))).Byte((byte)offset);

    public PacketBuilder Question(ushort type = 1, ushort @class = 1, params string[] labels) =>
        Name(labels.Length == 0 ? ["example", "com"] : labels).UInt16(type).UInt16(@class);

    /// <summary>Type, class, TTL and RDATA of a record whose owner was already written.</summary>
    public PacketBuilder RecordBody(ushort type, ushort @class, uint ttl, byte[] rdata) =>
        UInt16(type).UInt16(@class).UInt32(ttl).UInt16(rdata.Length).Bytes(rdata);

    /// <summary>An OPT record: root owner, UDP size, extended rcode, version, flags and raw options.</summary>
    public PacketBuilder Opt(ushort udpSize = 1232, byte extendedRcode = 0, byte version = 0, bool dnssecOk = false, byte[]? options = null) =>
        Byte(0).RecordBody(41, udpSize, ((uint)extendedRcode << 24) | ((uint)version << 16) | (dnssecOk ? 0x8000u : 0), options ?? []);

    public PacketBuilder Byte(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public PacketBuilder Bytes(params byte[] values)
    {
        _bytes.AddRange(values);
        return this;
    }

    public PacketBuilder UInt16(int value)
    {
        Span<byte> buffer = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)value);
        _bytes.AddRange(buffer.ToArray());
        return this;
    }

    public PacketBuilder UInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        _bytes.AddRange(buffer.ToArray());
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>An EDNS option: code, length, data.</summary>
    public static byte[] Option(ushort code, params byte[] data)
    {
        var option = new byte[4 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(option, code);
        BinaryPrimitives.WriteUInt16BigEndian(option.AsSpan(2), (ushort)data.Length);
        data.CopyTo(option, 4);
        return option;
    }
}
