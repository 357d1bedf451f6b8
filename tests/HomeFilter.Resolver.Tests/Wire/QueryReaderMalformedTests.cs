using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Tests.Wire;

public class QueryReaderMalformedTests
{
    public static TheoryData<string, byte[], QueryReadStatus> Cases()
    {
        var data = new TheoryData<string, byte[], QueryReadStatus>
        {
            { "empty", [], QueryReadStatus.Drop },
            { "11-byte header", new byte[11], QueryReadStatus.Drop },
            { "QR=1 header only", PacketBuilder.Query(flags: 0x8000, qd: 0).ToArray(), QueryReadStatus.Drop },
            { "QR=1 with question", PacketBuilder.Query(flags: 0x8180).Question().ToArray(), QueryReadStatus.Drop },
            { "QR=1 with opcode NOTIFY", PacketBuilder.Query(flags: 0xA000).Question().ToArray(), QueryReadStatus.Drop },
            { "QDCOUNT 0", PacketBuilder.Query(qd: 0).ToArray(), QueryReadStatus.FormatError },
            { "QDCOUNT 2", PacketBuilder.Query(qd: 2).Question().Question(28).ToArray(), QueryReadStatus.FormatError },
            { "QDCOUNT 1 but no question", PacketBuilder.Query().ToArray(), QueryReadStatus.FormatError },
            { "name cut inside a label", PacketBuilder.Query().Label("example").Bytes(3, (byte)'c').ToArray(), QueryReadStatus.FormatError },
            { "name without its root label", PacketBuilder.Query().Label("example").Label("com").ToArray(), QueryReadStatus.FormatError },
            { "question without type and class", PacketBuilder.Query().Name("example", "com").ToArray(), QueryReadStatus.FormatError },
            { "question without class", PacketBuilder.Query().Name("example", "com").UInt16(1).ToArray(), QueryReadStatus.FormatError },
            { "label of 64", PacketBuilder.Query().Question(1, 1, new string('a', 64), "com").ToArray(), QueryReadStatus.FormatError },
            { "name of 256", PacketBuilder.Query().Question(1, 1, NameOfLength(256)).ToArray(), QueryReadStatus.FormatError },
            { "name of 255", PacketBuilder.Query().Question(1, 1, NameOfLength(255)).ToArray(), QueryReadStatus.Ok },
            { "label of 63", PacketBuilder.Query().Question(1, 1, new string('a', 63), "com").ToArray(), QueryReadStatus.Ok },
            { "compression pointer in the question", PacketBuilder.Query().Label("www").Pointer(12).UInt16(1).UInt16(1).ToArray(), QueryReadStatus.FormatError },
            { "question that is only a pointer", PacketBuilder.Query().Pointer(12).UInt16(1).UInt16(1).ToArray(), QueryReadStatus.FormatError },
            { "label type 0x40", PacketBuilder.Query().Bytes(0x41, (byte)'a').Byte(0).UInt16(1).UInt16(1).ToArray(), QueryReadStatus.FormatError },
            { "label type 0x80", PacketBuilder.Query().Bytes(0x81, (byte)'a').Byte(0).UInt16(1).UInt16(1).ToArray(), QueryReadStatus.FormatError },
            { "ARCOUNT 1, nothing there", PacketBuilder.Query(ar: 1).Question().ToArray(), QueryReadStatus.FormatError },
            { "pointer loop in an additional record", PacketBuilder.Query(ar: 1).Question().Pointer(29).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray(), QueryReadStatus.FormatError },
            { "two-pointer loop in an additional record", PacketBuilder.Query(ar: 1).Question().Label("a").Pointer(31).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray(), QueryReadStatus.FormatError },
            { "forward pointer in an additional record", PacketBuilder.Query(ar: 1).Question().Pointer(40).RecordBody(1, 1, 60, [1, 2, 3, 4]).Name("x").ToArray(), QueryReadStatus.FormatError },
            { "pointer into the header", PacketBuilder.Query(ar: 1).Question().Pointer(2).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray(), QueryReadStatus.FormatError },
            { "pointer past the end", PacketBuilder.Query(ar: 1).Question().Pointer(0x3FFF).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray(), QueryReadStatus.FormatError },
            { "record data past the end", PacketBuilder.Query(ar: 1).Question().Byte(0).UInt16(1).UInt16(1).UInt32(60).UInt16(4).Bytes(1, 2).ToArray(), QueryReadStatus.FormatError },
            { "record cut inside its fixed fields", PacketBuilder.Query(ar: 1).Question().Byte(0).UInt16(1).UInt16(1).ToArray(), QueryReadStatus.FormatError },
            { "truncated OPT", Truncate(PacketBuilder.Query(ar: 1).Question().Opt(options: PacketBuilder.Option(10, new byte[8])).ToArray(), 6), QueryReadStatus.FormatError },
            { "OPT option longer than its RDATA", PacketBuilder.Query(ar: 1).Question().Byte(0).RecordBody(41, 1232, 0, [0, 10, 0, 9, 1, 2]).ToArray(), QueryReadStatus.FormatError },
            { "OPT RDATA with a partial option header", PacketBuilder.Query(ar: 1).Question().Byte(0).RecordBody(41, 1232, 0, [0, 10]).ToArray(), QueryReadStatus.FormatError },
            { "two OPTs", PacketBuilder.Query(ar: 2).Question().Opt().Opt().ToArray(), QueryReadStatus.FormatError },
            { "OPT in the answer section", PacketBuilder.Query(an: 1).Question().Opt().ToArray(), QueryReadStatus.FormatError },
            { "OPT in the authority section", PacketBuilder.Query(ns: 1).Question().Opt().ToArray(), QueryReadStatus.FormatError },
            { "OPT with a non-root owner", PacketBuilder.Query(ar: 1).Question().Name("x").RecordBody(41, 1232, 0, []).ToArray(), QueryReadStatus.FormatError },
            { "OPT version 1", PacketBuilder.Query(ar: 1).Question().Opt(version: 1).ToArray(), QueryReadStatus.BadVersion },
            { "OPT version 255 with DO", PacketBuilder.Query(ar: 1).Question().Opt(version: 255, dnssecOk: true).ToArray(), QueryReadStatus.BadVersion },
            { "two OPTs, one of version 1", PacketBuilder.Query(ar: 2).Question().Opt(version: 1).Opt().ToArray(), QueryReadStatus.FormatError },
            { "opcode IQUERY (1)", PacketBuilder.Query(flags: 1 << 11).Question().ToArray(), QueryReadStatus.NotImplemented },
            { "opcode STATUS (2)", PacketBuilder.Query(flags: 2 << 11).Question().ToArray(), QueryReadStatus.NotImplemented },
            { "opcode NOTIFY (4)", PacketBuilder.Query(flags: 4 << 11).Question().ToArray(), QueryReadStatus.NotImplemented },
            { "opcode UPDATE (5)", PacketBuilder.Query(flags: 5 << 11, an: 1).Question(6).Name("x").RecordBody(1, 255, 0, []).ToArray(), QueryReadStatus.NotImplemented },
            { "opcode NOTIFY without question", PacketBuilder.Query(flags: 4 << 11, qd: 0).ToArray(), QueryReadStatus.NotImplemented },
            { "opcode UPDATE with a broken question", PacketBuilder.Query(flags: 5 << 11).Bytes(0x81, 0).ToArray(), QueryReadStatus.NotImplemented },
            { "opcode 15 with OPT version 1", PacketBuilder.Query(flags: 15 << 11, ar: 1).Question().Opt(version: 1).ToArray(), QueryReadStatus.NotImplemented },
            { "answer and authority records in a query", PacketBuilder.Query(an: 1, ns: 1).Question().Pointer(12).RecordBody(1, 1, 60, [1, 2, 3, 4]).Pointer(12).RecordBody(2, 1, 60, [0xC0, 12]).ToArray(), QueryReadStatus.Ok },
            { "TSIG-like record after the OPT", PacketBuilder.Query(ar: 2).Question().Opt().Name("key").RecordBody(250, 255, 0, new byte[30]).ToArray(), QueryReadStatus.Ok },
            { "trailing bytes after the records", PacketBuilder.Query(ar: 1).Question().Opt().Bytes(0xDE, 0xAD, 0xBE, 0xEF).ToArray(), QueryReadStatus.Ok },
            { "root name", PacketBuilder.Query().Byte(0).UInt16(2).UInt16(1).ToArray(), QueryReadStatus.Ok },
            { "NS record whose RDATA name overruns it", PacketBuilder.Query(an: 1).Question().Pointer(12).RecordBody(2, 1, 60, [3, (byte)'a', (byte)'b']).Bytes(0, 0, 0).ToArray(), QueryReadStatus.FormatError },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Status_matches_the_table(string description, byte[] packet, QueryReadStatus expected)
    {
        var status = QueryReader.TryRead(packet, new byte[256], out _);

        Assert.True(expected == status, $"{description}: expected {expected}, got {status}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_prefix_of_every_case_is_handled_without_throwing(string description, byte[] packet, QueryReadStatus expected)
    {
        _ = expected;
        for (var length = 0; length <= packet.Length; length++)
        {
            var status = QueryReader.TryRead(packet.AsSpan(0, length), new byte[256], out var query);
            Assert.True(Enum.IsDefined(status), description);
            if (query.HasQuestion)
            {
                Assert.InRange(query.QuestionEnd, 17, length);
            }
        }
    }

    [Fact]
    public void A_name_buffer_below_255_bytes_is_refused()
    {
        var packet = PacketBuilder.Query().Question().ToArray();

        Assert.Throws<ArgumentException>(() => QueryReader.TryRead(packet, new byte[254], out _));
    }

    [Fact]
    public void Errors_after_the_question_keep_the_question_for_the_answer()
    {
        var packet = PacketBuilder.Query(ar: 2).Question(28).Opt().Opt().ToArray();

        var status = QueryReader.TryRead(packet, new byte[256], out var query);

        Assert.Equal(QueryReadStatus.FormatError, status);
        Assert.True(query.HasQuestion);
        Assert.Equal(28, query.QType);
        Assert.False(query.HasEdns);
    }

    /// <summary>Labels of 63 plus a shorter one so that the wire length (with the root byte) is exactly <paramref name="length"/>.</summary>
    private static string[] NameOfLength(int length)
    {
        var labels = new List<string>();
        var remaining = length - 1;
        while (remaining > 0)
        {
            var label = Math.Min(63, remaining - 1);
            labels.Add(new string('a', label));
            remaining -= label + 1;
        }

        return [.. labels];
    }

    private static byte[] Truncate(byte[] packet, int cut) => packet[..^cut];
}
