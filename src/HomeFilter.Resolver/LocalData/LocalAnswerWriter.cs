using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.LocalData;

/// <summary>Answers a question about a local name authoritatively: its records of the asked type, its alias, or NODATA.</summary>
internal static class LocalAnswerWriter
{
    private const ushort TypeA = 1;
    private const ushort TypeTxt = 16;
    private const ushort TypeAaaa = 28;

    public static int Write(ReadOnlySpan<byte> query, in ParsedQuery parsed, LocalRecord record, Span<byte> destination)
    {
        if (!AnswerBuilder.TryStart(query, parsed, DnsResponseCode.NoError, authoritative: true, destination, out var builder))
        {
            return 0;
        }

        if (parsed.QClass == 1 || parsed.QClass == DnsWire.TypeAny)
        {
            if (record.Cname is { } alias)
            {
                // An alias answers every type; the client follows it.
                builder.AddNameRecord(AnswerBuilder.QuestionName, DnsWire.TypeCname, record.Ttl, alias);
            }
            else
            {
                var any = parsed.QType == DnsWire.TypeAny;
                if (any || parsed.QType == TypeA)
                {
                    Add(ref builder, record.A, TypeA, record.Ttl);
                }

                if (any || parsed.QType == TypeAaaa)
                {
                    Add(ref builder, record.Aaaa, TypeAaaa, record.Ttl);
                }

                if (any || parsed.QType == TypeTxt)
                {
                    Add(ref builder, record.Txt, TypeTxt, record.Ttl);
                }
            }
        }

        return builder.Finish(-1, default);
    }

    private static void Add(ref AnswerBuilder builder, byte[][] rdatas, ushort type, uint ttl)
    {
        foreach (var rdata in rdatas)
        {
            builder.AddRecord(AnswerBuilder.QuestionName, type, ttl, rdata);
        }
    }
}
