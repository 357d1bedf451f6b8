using System.Buffers.Binary;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// Decides whether a message is the answer to our query: same ID, QR set, opcode QUERY and the same question
/// (name ignoring ASCII case, type, class). Anything else is ignored and the wait goes on, so a forged
/// datagram can only win by guessing the ID, the port and the question (RFC 5452).
/// </summary>
internal static class UpstreamAnswerCheck
{
    private const int HeaderLength = UpstreamQueryWriter.HeaderLength;
    private const int RcodeServerFailure = 2;
    private const int RcodeRefused = 5;

    public static AnswerCheck Check(ReadOnlySpan<byte> answer, in UpstreamQuery query)
    {
        if (answer.Length < HeaderLength)
        {
            return AnswerCheck.Malformed;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(answer) != query.Id)
        {
            return AnswerCheck.WrongId;
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(answer[2..]);
        if ((flags & 0x8000) == 0 || ((flags >> 11) & 0xF) != 0)
        {
            return AnswerCheck.NotResponse;
        }

        var questionCount = BinaryPrimitives.ReadUInt16BigEndian(answer[4..]);
        if (questionCount == 0 && (flags & 0xF) is not 0 and not 3)
        {
            // Some servers drop the question from FORMERR/SERVFAIL/REFUSED/NOTIMP; the ID is all there is to match.
            return AnswerCheck.Match;
        }

        if (questionCount != 1)
        {
            return AnswerCheck.WrongQuestion;
        }

        var expected = query.MessageSpan[HeaderLength..query.QuestionEnd];
        if (answer.Length < HeaderLength + expected.Length)
        {
            return AnswerCheck.Malformed;
        }

        return SameQuestion(answer.Slice(HeaderLength, expected.Length), expected) ? AnswerCheck.Match : AnswerCheck.WrongQuestion;
    }

    /// <summary>True when the TC bit is set.</summary>
    public static bool IsTruncated(ReadOnlySpan<byte> answer) => answer.Length >= 4 && (answer[2] & 0x02) != 0;

    /// <summary>
    /// SERVFAIL or REFUSED: another upstream may answer better, so the next one is tried (and this answer kept in
    /// case none does). Neither is a verdict on the upstream's health: it answered our query, so it is alive.
    /// SERVFAIL usually means the domain's own servers failed; REFUSED depends on the name asked (a policy, a
    /// zone the upstream will not serve), and counting it as a failure would let any client mark an upstream
    /// down, or steer which upstream everyone uses, just by asking for such names.
    /// </summary>
    public static bool AsksForAnotherUpstream(int rcode) => rcode is RcodeServerFailure or RcodeRefused;

    /// <summary>The header rcode (the low four bits; the extended bits in OPT do not matter for our decisions).</summary>
    public static int ResponseCode(ReadOnlySpan<byte> answer) => answer.Length >= 4 ? answer[3] & 0xF : -1;

    /// <summary>
    /// Compares a question section with ours. The expected name is lower-case and uncompressed; the answer's must
    /// be too (a pointer cannot appear in the first name of a message), with letters in any case (0x20 encoding).
    /// </summary>
    private static bool SameQuestion(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected)
    {
        var nameEnd = expected.Length - 4;
        var labelEnd = 0;
        for (var i = 0; i < nameEnd; i++)
        {
            var a = actual[i];
            if (i == labelEnd)
            {
                // A length byte: compared exactly, so a pointer or a different label split never matches.
                if (a != expected[i])
                {
                    return false;
                }

                labelEnd = i + 1 + a;
                continue;
            }

            if ((uint)(a - 'A') <= 'Z' - 'A')
            {
                a |= 0x20;
            }

            if (a != expected[i])
            {
                return false;
            }
        }

        return actual[nameEnd..].SequenceEqual(expected[nameEnd..]);
    }
}
