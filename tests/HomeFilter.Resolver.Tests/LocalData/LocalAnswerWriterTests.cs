using System.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Tests.Stages;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Resolver.Tests.LocalData;

/// <summary>Local records answered authoritatively, parsed by ARSoft.</summary>
public class LocalAnswerWriterTests
{
    private static readonly LocalRecordSet Records = LocalRecordSet.Build([
        new LocalRecordDefinition { Name = "Printer.Home", A = ["192.168.1.5", "192.168.1.6"], Aaaa = ["fd00::5"], Txt = ["colour laser", new string('x', 300)], Ttl = 60 },
        new LocalRecordDefinition { Name = "nas.home", Cname = "storage.home" },
    ]);

    [Theory]
    [InlineData("printer.home", RecordType.A, 2)]
    [InlineData("PRINTER.home", RecordType.Aaaa, 1)]
    [InlineData("printer.home", RecordType.Txt, 2)]
    [InlineData("printer.home", RecordType.Any, 5)]
    [InlineData("printer.home", RecordType.Mx, 0)] // the name exists: NODATA
    [InlineData("nas.home", RecordType.A, 1)]      // the alias
    public void Local_names_are_answered_authoritatively(string name, RecordType type, int answers)
    {
        var query = BlockedAnswerWriterTests.BuildQuery(name, type, edns: true, dnssecOk: false, out var parsed);
        Assert.True(Records.TryGet(WireNames.FromDotted(name), out var record));
        var buffer = new byte[1024];
        var length = LocalAnswerWriter.Write(query, parsed, record, buffer);
        var message = DnsMessage.Parse(buffer[..length]);
        Assert.True(message.IsAuthoritiveAnswer);
        Assert.Equal(ReturnCode.NoError, message.ReturnCode);
        Assert.Equal(answers, message.AnswerRecords.Count);
        if (type == RecordType.A && name == "printer.home")
        {
            Assert.Equal(IPAddress.Parse("192.168.1.5"), ((ARecord)message.AnswerRecords[0]).Address);
            Assert.Equal(60, message.AnswerRecords[0].TimeToLive);
        }

        if (type == RecordType.Txt)
        {
            Assert.Equal(new string('x', 300), ((TxtRecord)message.AnswerRecords[1]).TextData);
        }

        if (name == "nas.home")
        {
            Assert.Equal("storage.home.", ((CNameRecord)message.AnswerRecords[0]).CanonicalName.ToString());
        }
    }

    [Fact]
    public void Only_exact_names_are_local() => Assert.False(Records.TryGet(WireNames.FromDotted("sub.printer.home"), out _));

    [Theory]
    [InlineData("a.home.arpa", "home.arpa", true)]
    [InlineData("home.arpa", "home.arpa", true)]
    [InlineData("xhome.arpa", "home.arpa", false)]
    [InlineData("arpa", "home.arpa", false)]
    [InlineData("a.b.c", "", true)]
    public void Zone_membership_is_by_whole_labels(string name, string zone, bool below) =>
        Assert.Equal(below, WireNames.IsAtOrBelow(WireNames.FromDotted(name), WireNames.FromDotted(zone)));
}
