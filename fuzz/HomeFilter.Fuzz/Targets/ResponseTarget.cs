using HomeFilter.Resolver.Wire;

namespace HomeFilter.Fuzz.Targets;

/// <summary>
/// An upstream's answer to a client's query: <see cref="ResponseScanner"/> reads it for the cache and
/// <see cref="ResponseFinalizer"/> rewrites it for the client. Whatever the upstream sent, the client must get a
/// message our scanner reads back, with its own ID and question, no longer than it can take.
/// </summary>
/// <remarks>
/// Input: a control byte, a size byte, then the upstream's message. The client's query asks the message's own
/// question (so the finalizer's copying paths are reached, not only its SERVFAIL), or example.com A when the
/// message has none that can be read.
/// Control bits: 0 the client sent EDNS, 1 DO, 2 the answer is authoritative (local data), 3 TCP (65535 bytes),
/// 4 the client wrote its question in upper case. Size byte: the client's EDNS size is 512 + 16 × it; its low
/// four bits are how many TTL offsets the scanner may record.
/// </remarks>
internal static class ResponseTarget
{
    private static readonly byte[] FallbackQuestion = [7, .. "example"u8, 3, .. "com"u8, 0, 0, 1, 0, 1];

    public static void Run(byte[] input)
    {
        if (input.Length < 2)
        {
            return;
        }

        var control = input[0];
        var size = input[1];
        var message = input.AsSpan(2);

        var udpSize = (ushort)(512 + (16 * size));
        var lowerName = new byte[QueryReader.NameBufferSize];
        var client = ClientPacket(QuestionOf(message), control, udpSize);
        if (QueryReader.TryRead(client, lowerName, out var query) != QueryReadStatus.Ok)
        {
            // A question no client could send (a name too long, say): ask the fallback instead.
            client = ClientPacket(FallbackQuestion, control, udpSize);
            FuzzFailure.Unless(QueryReader.TryRead(client, lowerName, out query) == QueryReadStatus.Ok, "the reader refuses the fallback query");
        }

        var name = lowerName.AsSpan(0, query.NameLength);
        Span<ushort> ttlOffsets = stackalloc ushort[size & 15];
        if (ResponseScanner.TryScan(message, name, query.QType, query.QClass, ttlOffsets, out var scan))
        {
            FuzzFailure.Unless(scan.TtlCount <= ttlOffsets.Length, "more TTL offsets counted than recorded");
            foreach (var offset in ttlOffsets[..scan.TtlCount])
            {
                FuzzFailure.Unless(offset + 4 <= message.Length, $"TTL offset {offset} outside the message");
            }
        }

        var tcp = (control & 8) != 0;
        var maxSize = tcp ? 65535 : query.HasEdns ? query.EdnsUdpSize : 512;
        var destination = new byte[65535];
        var original = query.OriginalName(client);
        var length = ResponseFinalizer.Finalize(message, query, original, maxSize, (control & 4) != 0, destination);
        var output = destination.AsSpan(0, length);
        FuzzFailure.Unless(length >= 12 && length <= Math.Max(maxSize, 512), $"response of {length} bytes for a client taking {maxSize}");
        FuzzFailure.Unless(output[0] == client[0] && output[1] == client[1], "the response does not carry the client's ID");
        FuzzFailure.Unless(
            ResponseScanner.TryScan(output, name, query.QType, query.QClass, stackalloc ushort[64], out var final),
            "the client's response is not a readable DNS message");
        FuzzFailure.Unless(final.QuestionMatches, "the client's response does not carry its question");
        FuzzFailure.Unless(final.HasOpt == query.HasEdns, "the response's OPT does not follow the client's EDNS");
        FuzzFailure.Unless(output.Slice(12, original.Length).SequenceEqual(original), "the question's letter case is not the client's");
    }

    /// <summary>A query for <paramref name="question"/>, in the case and with the EDNS the control asks for.</summary>
    private static byte[] ClientPacket(ReadOnlySpan<byte> question, byte control, ushort udpSize)
    {
        var edns = (control & 1) != 0;
        var packet = new List<byte>(12 + question.Length + 11)
        {
            0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, (byte)(edns ? 1 : 0),
        };
        var upper = (control & 16) != 0;
        foreach (var b in question)
        {
            packet.Add(upper && b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b);
        }

        if (edns)
        {
            var flags = (control & 2) != 0 ? (byte)0x80 : (byte)0;
            packet.AddRange([0, 0, 41, (byte)(udpSize >> 8), (byte)udpSize, 0, 0, flags, 0, 0, 0]);
        }

        return [.. packet];
    }

    /// <summary>The message's question bytes (uncompressed name, type, class), or the fallback when there is none.</summary>
    private static ReadOnlySpan<byte> QuestionOf(ReadOnlySpan<byte> message)
    {
        if (message.Length < 12 || message[4] != 0 || message[5] != 1)
        {
            return FallbackQuestion;
        }

        var position = 12;
        while (position < message.Length && message[position] is > 0 and <= 63)
        {
            position += 1 + message[position];
        }

        var end = position + 5;
        if (position >= message.Length || message[position] != 0 || end > message.Length)
        {
            return FallbackQuestion;
        }

        return message[12..end];
    }
}
