using HomeFilter.Resolver.Wire;

namespace HomeFilter.Fuzz.Targets;

/// <summary>
/// A client's packet, as the transports hand it over: <see cref="QueryReader"/> reads it, and the error answer
/// the server would send for its status (SERVFAIL for a good one) must be a message our own scanner reads back, with the client's ID.
/// </summary>
internal static class QueryTarget
{
    public static void Run(byte[] packet)
    {
        var name = new byte[QueryReader.NameBufferSize];
        var status = QueryReader.TryRead(packet, name, out var query);
        if (query.HasQuestion)
        {
            FuzzFailure.Unless(query.NameLength is > 0 and <= 255 && query.QuestionEnd <= packet.Length, "question bounds outside the packet");
            var original = query.OriginalName(packet);
            FuzzFailure.Unless(original.Length == query.NameLength, "original name length differs from the lower-cased one");
        }

        var answer = new byte[ErrorResponseWriter.MaxLength];
        // A query read whole is answered by the pipeline; the transport's own answer for it is SERVFAIL.
        var length = status == QueryReadStatus.Ok
            ? ErrorResponseWriter.Write(packet, query, questionValid: true, DnsResponseCode.ServerFailure, answer)
            : ErrorResponseWriter.Write(packet, query, status, answer);
        if (status == QueryReadStatus.Drop)
        {
            FuzzFailure.Unless(length == 0, "a dropped query got an answer");
            return;
        }

        FuzzFailure.Unless(length is >= 12 and <= ErrorResponseWriter.MaxLength, $"error answer length {length}");
        var scanned = ResponseScanner.TryScan(answer.AsSpan(0, length), name.AsSpan(0, query.NameLength), query.QType, query.QClass, stackalloc ushort[4], out _);
        FuzzFailure.Unless(scanned, $"the {status} answer is not a readable DNS message");
        FuzzFailure.Unless(answer[0] == packet[0] && answer[1] == packet[1], "the error answer does not carry the client's ID");
    }
}
