using System.Buffers.Binary;

namespace HomeFilter.Compliance.Wire;

/// <summary>
/// Parses a response strictly: a name that cannot be expanded, a record running past the end, a second
/// OPT record, option lengths that overrun the OPT RDATA, or bytes left after the last record all make
/// it malformed, as genreport judges.
/// </summary>
internal static class ResponseParser
{
    public const int HeaderLength = 12;

    public static DnsMessage Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength)
        {
            return new DnsMessage { Length = message.Length, MalformedReason = "shorter than a DNS header" };
        }

        var result = new DnsMessage
        {
            Length = message.Length,
            Id = BinaryPrimitives.ReadUInt16BigEndian(message),
            Qr = (message[2] & 0x80) != 0,
            Opcode = (message[2] >> 3) & 0x0F,
            Aa = (message[2] & 0x04) != 0,
            Tc = (message[2] & 0x02) != 0,
            Rd = (message[2] & 0x01) != 0,
            Ra = (message[3] & 0x80) != 0,
            Z = (message[3] & 0x40) != 0,
            Ad = (message[3] & 0x20) != 0,
            Cd = (message[3] & 0x10) != 0,
            HeaderRcode = message[3] & 0x0F,
            QuestionCount = BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            AnswerCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            AuthorityCount = BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            AdditionalCount = BinaryPrimitives.ReadUInt16BigEndian(message[10..]),
        };

        var offset = HeaderLength;
        for (var i = 0; i < result.QuestionCount; i++)
        {
            var used = DnsName.TryRead(message, offset, out var name);
            if (used < 0 || offset + used + 4 > message.Length)
            {
                result.MalformedReason = $"question {i + 1} is cut short or has a bad name";
                return result;
            }

            offset += used;
            result.Questions.Add(new DnsQuestion(name, BinaryPrimitives.ReadUInt16BigEndian(message[offset..]),
                BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..])));
            offset += 4;
        }

        if (!ReadSection(message, ref offset, result.AnswerCount, result.Answers, "answer", result) ||
            !ReadSection(message, ref offset, result.AuthorityCount, result.Authorities, "authority", result) ||
            !ReadSection(message, ref offset, result.AdditionalCount, result.Additionals, "additional", result))
        {
            return result;
        }

        if (offset != message.Length)
        {
            result.MalformedReason = $"{message.Length - offset} bytes follow the last record";
        }

        return result;
    }

    private static bool ReadSection(ReadOnlySpan<byte> message, ref int offset, int count, List<DnsRecordInfo> records,
        string section, DnsMessage result)
    {
        for (var i = 0; i < count; i++)
        {
            var used = DnsName.TryRead(message, offset, out var owner);
            if (used < 0 || offset + used + 10 > message.Length)
            {
                result.MalformedReason = $"{section} record {i + 1} is cut short or has a bad owner name";
                return false;
            }

            offset += used;
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 4)..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10;
            if (offset + rdLength > message.Length)
            {
                result.MalformedReason = $"{section} record {i + 1} runs past the end of the message";
                return false;
            }

            if (type == QueryWriter.TypeOpt)
            {
                // An OPT anywhere but the additional section, or a second one, is a protocol error.
                if (records != result.Additionals || result.Opt is not null)
                {
                    result.MalformedReason = result.Opt is not null ? "a second OPT record" : $"an OPT record in the {section} section";
                    return false;
                }

                var opt = ReadOpt(message.Slice(offset, rdLength), @class, ttl);
                if (opt is null)
                {
                    result.MalformedReason = "EDNS option lengths do not add up to the OPT RDATA length";
                    return false;
                }

                result.Opt = opt;
            }

            records.Add(new DnsRecordInfo(owner, type, @class, ttl, rdLength));
            offset += rdLength;
        }

        return true;
    }

    private static OptInfo? ReadOpt(ReadOnlySpan<byte> rdata, ushort udpSize, uint ttl)
    {
        var options = new List<EdnsOption>();
        var position = 0;
        while (rdata.Length - position >= 4)
        {
            var code = BinaryPrimitives.ReadUInt16BigEndian(rdata[position..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(rdata[(position + 2)..]);
            position += 4;
            if (rdata.Length - position < length)
            {
                return null;
            }

            options.Add(new EdnsOption(code, rdata.Slice(position, length).ToArray()));
            position += length;
        }

        return position == rdata.Length ? new OptInfo(udpSize, ttl, options) : null;
    }
}
