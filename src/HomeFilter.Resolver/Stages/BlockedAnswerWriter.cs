using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Policy;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Writes the answer for a blocked name in the group's block mode — 0.0.0.0/:: (NODATA for other types), NXDOMAIN,
/// REFUSED or the configured addresses — with a short TTL and, when the client speaks EDNS, an Extended DNS Error
/// 15 "Blocked" (RFC 8914) whose text names the category, so <c>dig</c> shows why.
/// </summary>
internal static class BlockedAnswerWriter
{
    public const uint Ttl = 10;
    public const int InfoCodeBlocked = 15;
    private const ushort TypeA = 1;
    private const ushort TypeAaaa = 28;
    private const ushort ClassIn = 1;

    /// <summary>Writes the whole message in the default mode (null addresses); returns its length, or 0 when it does not fit.</summary>
    public static int Write(ReadOnlySpan<byte> query, in ParsedQuery parsed, ReadOnlySpan<byte> reason, Span<byte> destination) =>
        Write(query, parsed, BlockAnswer.Null, reason, destination);

    /// <summary>Writes the whole message in mode <paramref name="mode"/>; returns its length, or 0 when it does not fit.</summary>
    public static int Write(ReadOnlySpan<byte> query, in ParsedQuery parsed, BlockAnswer mode, ReadOnlySpan<byte> reason, Span<byte> destination)
    {
        var rcode = mode.Kind switch
        {
            BlockAnswerKind.NxDomain => DnsResponseCode.NameError,
            BlockAnswerKind.Refused => DnsResponseCode.Refused,
            _ => DnsResponseCode.NoError,
        };
        if (!AnswerBuilder.TryStart(query, parsed, rcode, authoritative: false, destination, out var builder))
        {
            return 0;
        }

        if (parsed.QClass == ClassIn)
        {
            switch (mode.Kind)
            {
                case BlockAnswerKind.Null when parsed.QType == TypeA:
                    builder.AddZeroRecord(AnswerBuilder.QuestionName, TypeA, Ttl, 4);
                    break;
                case BlockAnswerKind.Null when parsed.QType == TypeAaaa:
                    builder.AddZeroRecord(AnswerBuilder.QuestionName, TypeAaaa, Ttl, 16);
                    break;
                case BlockAnswerKind.Address when parsed.QType == TypeA && mode.IPv4 is { } v4:
                    builder.AddRecord(AnswerBuilder.QuestionName, TypeA, Ttl, v4);
                    break;
                case BlockAnswerKind.Address when parsed.QType == TypeAaaa && mode.IPv6 is { } v6:
                    builder.AddRecord(AnswerBuilder.QuestionName, TypeAaaa, Ttl, v6);
                    break;
            }
        }

        return builder.Finish(InfoCodeBlocked, reason);
    }
}
