using System.Buffers.Binary;
using System.Text;

namespace HomeFilter.Benchmarks;

/// <summary>
/// Typical DNS messages for the wire and cache benchmarks, written by hand so the benchmarks need no
/// DNS library: a client query with EDNS, and the upstream answer a forwarder sees for it.
/// </summary>
internal static class WireBenchmarkMessages
{
    /// <summary>"www.Example.com" A, RD, EDNS 1232 with a client cookie (what dig and most stubs send).</summary>
    public static byte[] Query(string name = "www.Example.com", ushort type = 1, bool edns = true)
    {
        var message = new List<byte>();
        Header(message, 0x1234, 0x0120, 1, 0, 0, edns ? 1 : 0);
        Name(message, name);
        UInt16(message, type);
        UInt16(message, 1);
        if (edns)
        {
            Opt(message, 1232, [0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]);
        }

        return [.. message];
    }

    /// <summary>
    /// The answer to <see cref="Query"/> as an upstream sends it: a CNAME into a CDN and two A records,
    /// names compressed, OPT with a server cookie; 0x20-style different case in the question.
    /// </summary>
    public static byte[] Answer(uint cnameTtl = 3600, uint addressTtl = 60)
    {
        var message = new List<byte>();
        Header(message, 0x9999, 0x8180, 1, 3, 0, 1);
        Name(message, "www.example.com");
        UInt16(message, 1);
        UInt16(message, 1);

        // www.example.com CNAME edge.example.net (owner points at the question).
        Pointer(message, 12);
        UInt16(message, 5);
        UInt16(message, 1);
        UInt32(message, cnameTtl);
        var target = new List<byte>();
        Name(target, "edge.example.net");
        UInt16(message, target.Count);
        var edgeOffset = message.Count;
        message.AddRange(target);
        foreach (var last in new byte[] { 1, 2 })
        {
            Pointer(message, edgeOffset);
            UInt16(message, 1);
            UInt16(message, 1);
            UInt32(message, addressTtl);
            UInt16(message, 4);
            message.AddRange([192, 0, 2, last]);
        }

        Opt(message, 1232, [0, 10, 0, 24, .. new byte[24]]);
        return [.. message];
    }

    /// <summary>A TXT answer of about 4.6 KB: truncated for every UDP client (the slow path of the finalizer).</summary>
    public static byte[] BigAnswer(string name = "www.example.com")
    {
        var message = new List<byte>();
        Header(message, 0x9999, 0x8180, 1, 40, 0, 0);
        Name(message, name);
        UInt16(message, 16);
        UInt16(message, 1);
        for (var i = 0; i < 40; i++)
        {
            Pointer(message, 12);
            UInt16(message, 16);
            UInt16(message, 1);
            UInt32(message, 300);
            UInt16(message, 101);
            message.Add(100);
            message.AddRange(Enumerable.Repeat((byte)('a' + (i % 26)), 100));
        }

        return [.. message];
    }

    /// <summary>One A record for <paramref name="name"/>, owner compressed against the question.</summary>
    public static byte[] SimpleAnswer(string name)
    {
        var message = new List<byte>();
        Header(message, 0x9999, 0x8180, 1, 1, 0, 0);
        Name(message, name);
        UInt16(message, 1);
        UInt16(message, 1);
        Pointer(message, 12);
        UInt16(message, 1);
        UInt16(message, 1);
        UInt32(message, 86400);
        UInt16(message, 4);
        message.AddRange([192, 0, 2, 1]);
        return [.. message];
    }

    public static byte[] LowerWireName(string name)
    {
        var message = new List<byte>();
        Name(message, name.ToLowerInvariant());
        return [.. message];
    }

    public static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark setup check failed: " + what);
        }
    }

    private static void Header(List<byte> message, ushort id, ushort flags, int qd, int an, int ns, int ar)
    {
        UInt16(message, id);
        UInt16(message, flags);
        UInt16(message, qd);
        UInt16(message, an);
        UInt16(message, ns);
        UInt16(message, ar);
    }

    private static void Name(List<byte> message, string name)
    {
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.Add(0);
    }

    private static void Pointer(List<byte> message, int offset)
    {
        message.Add((byte)(0xC0 | (offset >> 8)));
        message.Add((byte)offset);
    }

    private static void Opt(List<byte> message, ushort udpSize, byte[] options)
    {
        message.Add(0);
        UInt16(message, 41);
        UInt16(message, udpSize);
        UInt32(message, 0);
        UInt16(message, options.Length);
        message.AddRange(options);
    }

    private static void UInt16(List<byte> message, int value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        message.AddRange(bytes);
    }

    private static void UInt32(List<byte> message, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        message.AddRange(bytes);
    }
}
