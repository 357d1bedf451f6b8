using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Tests.Policy.Overrides;

/// <summary>Devices and overrides in the document: every mistake named with its JSON path; a past override is not one.</summary>
public sealed class OverrideDocumentTests
{
    public static TheoryData<string, string, string> Invalid => new()
    {
        { "{'devices':[{'name':'','addresses':['192.168.1.20']}]}", "$.devices[0].name", "1 to 64" },
        { "{'devices':[{'name':'tab\\u0007','addresses':['192.168.1.20']}]}", "$.devices[0].name", "control" },
        { "{'devices':[{'name':'x','addresses':[]}]}", "$.devices[0].addresses", "at least one address" },
        { "{'devices':[{'name':'x','addresses':['192.168.1.0/24']}]}", "$.devices[0].addresses[0]", "single" },
        { "{'devices':[{'name':'a','addresses':['10.0.0.1']},{'name':'b','addresses':['10.0.0.1']}]}", "$.devices[1].addresses[0]", "already belongs" },
        { "{'devices':[{'name':'x','adresses':['10.0.0.1']}]}", "$.devices[0]", "adresses" },
        { "{'overrides':[{'kind':'sleep','client':'10.0.0.1','until':'2026-12-02T19:00:00Z'}]}", "$.overrides[0].kind", "pause, allow or blockAll" },
        { "{'overrides':[{'kind':'pause','until':'2026-12-02T19:00:00Z'}]}", "$.overrides[0]", "exactly one" },
        { "{'overrides':[{'kind':'pause','client':'10.0.0.1','group':'kids','until':'2026-12-02T19:00:00Z'}]}", "$.overrides[0]", "exactly one" },
        { "{'overrides':[{'kind':'pause','client':'emma','until':'2026-12-02T19:00:00Z'}]}", "$.overrides[0].client", "single" },
        { "{'overrides':[{'kind':'pause','group':'nobody','until':'2026-12-02T19:00:00Z'}]}", "$.overrides[0].group", "no group" },
        { "{'overrides':[{'kind':'allow','client':'10.0.0.1','until':'2026-12-02T19:00:00Z'}]}", "$.overrides[0].names", "needs the names" },
        { "{'overrides':[{'kind':'allow','client':'10.0.0.1','names':['not a name'],'until':'2026-12-02T19:00:00Z'}]}", "$.overrides[0].names[0]", "" },
        { "{'overrides':[{'kind':'pause','client':'10.0.0.1','names':['a.example'],'until':'2026-12-02T19:00:00Z'}]}", "$.overrides[0].names", "only an allow" },
        { "{'overrides':[{'kind':'pause','client':'10.0.0.1','until':'2026-12-02T19:00:00'}]}", "$.overrides[0].until", "with Z or an offset" },
        { "{'overrides':[{'kind':'pause','client':'10.0.0.1','until':'tomorrow'}]}", "$.overrides[0].until", "ISO-8601" },
        { "{'overrides':[{'id':'a b','kind':'pause','client':'10.0.0.1','until':'2026-12-02T19:00:00Z'}]}", "$.overrides[0].id", "letters, digits" },
        { "{'overrides':[{'id':'a','kind':'pause','client':'10.0.0.1','until':'2026-12-02T19:00:00Z'},{'id':'a','kind':'pause','client':'10.0.0.2','until':'2026-12-02T19:00:00Z'}]}", "$.overrides[1].id", "already used" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Mistakes_are_reported_with_their_path(string json, string path, string message)
    {
        var result = PolicyDocumentReader.Read(json.Replace('\'', '"'));
        Assert.Null(result.Document);
        Assert.Contains(result.Errors, e => e.Path.StartsWith(path, StringComparison.Ordinal) && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_with_devices_and_overrides_round_trips_and_a_past_override_is_valid()
    {
        const string json = """
            {
              "groups": [ { "name": "kids", "clients": ["192.168.1.20"] } ],
              "devices": [ { "name": "Emma's tablet", "addresses": ["192.168.1.20"] } ],
              "overrides": [
                { "id": "r1", "kind": "allow", "client": "192.168.1.20", "names": ["Minecraft.net"], "until": "2020-01-01T00:00:00Z", "note": "reward" },
                { "kind": "blockAll", "group": "kids", "until": "2026-12-02T18:45:00+01:00" },
                { "kind": "pause", "group": "default", "until": "2026-12-02T18:45:00Z" }
              ]
            }
            """;
        var read = PolicyDocumentReader.Read(json);
        Assert.Empty(read.Errors);
        var again = PolicyDocumentReader.Read(PolicyDocumentWriter.Write(read.Document!));
        Assert.Empty(again.Errors);
        Assert.Equal("Emma's tablet", again.Document!.Devices[0].Name);
        Assert.Equal(3, again.Document.Overrides.Count);
        Assert.True(again.Document.Overrides[1].TryGetUntil(out var until));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 17, 45, 0, TimeSpan.Zero), until);
    }
}
