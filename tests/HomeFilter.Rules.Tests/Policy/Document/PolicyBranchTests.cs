using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Tests.Policy.Document;

/// <summary>The document's <c>branches</c>: what is rejected (with its path), and what one branch compiles.</summary>
public class PolicyBranchTests
{
    private const string Categories = "'categories':{'adult':{'sources':['a.txt']}}";

    private const string Network = "{" + Categories + ","
        + "'allow':['network.example'],"
        + "'groups':[{'name':'Staff','clients':['10.0.0.0/24'],'block':['adult']}],"
        + "'local':[{'name':'printer.lib','a':['10.0.0.9']}],"
        + "'devices':[{'name':'Desk','addresses':['10.0.0.5']}],"
        + "'branches':["
        + "{'id':'central','groups':[{'name':'Public computers','clients':['10.1.0.0/24'],'block':['adult'],'safeSearch':true}],"
        + "'devices':[{'name':'Kiosk','addresses':['10.1.0.7']}],"
        + "'localRecords':[{'name':'catalog.lib','a':['10.1.0.2']}],'allow':['central.example']},"
        + "{'id':'east','groups':[{'name':'Wi-Fi','clients':['10.2.0.0/16']}],'allow':['east.example']}"
        + "]}";

    public static TheoryData<string, string, string> InvalidDocuments => new()
    {
        { "{'branches':[{'id':'a','colour':1}]}", "$.branches[0].colour", "unknown property" },
        { "{'branches':[{'id':'a','local':[]}]}", "$.branches[0].local", "unknown property" },
        { "{'branches':[{'id':''}]}", "$.branches[0].id", "branch id ''" },
        { "{'branches':[{'id':'Central'}]}", "$.branches[0].id", "lower-case" },
        { "{'branches':[{'id':'-x'}]}", "$.branches[0].id", "starting with a letter or digit" },
        { "{'branches':[{'id':'a'},{'id':'a'}]}", "$.branches[1].id", "already used by $.branches[0]" },
        { "{'groups':[{'name':'Wi-Fi','clients':['10.0.0.1']}],'branches':[{'id':'a','groups':[{'name':'wi-fi','clients':['10.1.0.1']}]}]}", "$.branches[0].groups[0].name", "network group $.groups[0]" },
        { "{'branches':[{'id':'a','groups':[{'name':'k','clients':['10.1.0.1']},{'name':'K','clients':['10.1.0.2']}]}]}", "$.branches[0].groups[1].name", "already used by $.branches[0].groups[0]" },
        { "{'branches':[{'id':'a','groups':[{'name':'k','clients':['10.1.0.1'],'block':['nope']}]}]}", "$.branches[0].groups[0].block[0]", "unknown category 'nope'" },
        { "{'branches':[{'id':'a','groups':[{'name':'k','clients':['not-an-address']}]}]}", "$.branches[0].groups[0].clients[0]", "" },
        { "{'branches':[{'id':'a','allow':['bad..example']}]}", "$.branches[0].allow[0]", "not a valid domain name" },
        { "{'branches':[{'id':'a','localRecords':[{'name':'p.home'}]}]}", "$.branches[0].localRecords[0]", "" },
        { "{'branches':[{'id':'a','devices':[{'name':'','addresses':['10.0.0.1']}]}]}", "$.branches[0].devices[0].name", "device name" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Invalid_branch_parts_are_rejected_with_their_path(string document, string path, string fragment)
    {
        var result = PolicyDocumentReader.Read(PolicyTestDocuments.Json(document));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_group_name_may_be_used_by_two_branches_and_an_override_may_name_a_branch_group()
    {
        var json = PolicyTestDocuments.Json(
            "{'branches':[{'id':'a','groups':[{'name':'Wi-Fi','clients':['10.1.0.0/24']}]},{'id':'b','groups':[{'name':'Wi-Fi','clients':['10.2.0.0/24']}]}],"
            + "'overrides':[{'kind':'pause','group':'Wi-Fi','until':'2030-01-01T00:00:00Z'}]}");

        var result = PolicyDocumentReader.Read(json);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    /// <summary>Branch id → group, device, local record and allow names it compiles, in order.</summary>
    public static TheoryData<string?, string, string, string, string> Merges => new()
    {
        { null, "Staff", "Desk", "printer.lib", "network.example" },
        { "nowhere", "Staff", "Desk", "printer.lib", "network.example" },
        { "central", "Staff,Public computers", "Desk,Kiosk", "printer.lib,catalog.lib", "network.example,central.example" },
        { "east", "Staff,Wi-Fi", "Desk", "printer.lib", "network.example,east.example" },
    };

    [Theory]
    [MemberData(nameof(Merges))]
    public void A_branch_compiles_the_network_part_and_only_its_own_part(string? branch, string groups, string devices, string local, string allow)
    {
        var document = PolicyDocumentReader.Read(PolicyTestDocuments.Json(Network)).Document!;

        var compiled = PolicyDocuments.ForBranch(document, branch);

        Assert.Equal(groups, string.Join(",", compiled.Groups.Select(g => g.Name)));
        Assert.Equal(devices, string.Join(",", compiled.Devices.Select(d => d.Name)));
        Assert.Equal(local, string.Join(",", compiled.Local.Select(r => r.Name)));
        Assert.Equal(allow, string.Join(",", compiled.Allow));
        Assert.Empty(compiled.Branches);
        Assert.Empty(PolicyDocumentValidator.Validate(compiled));
    }

    [Fact]
    public void ForBranch_leaves_the_document_alone_and_shares_nothing_with_it()
    {
        var document = PolicyDocumentReader.Read(PolicyTestDocuments.Json(Network)).Document!;
        var before = PolicyDocumentWriter.Write(document);

        var compiled = PolicyDocuments.ForBranch(document, "central");
        compiled.Groups[0].Block.Add("x");
        compiled.Allow.Clear();

        Assert.Equal(before, PolicyDocumentWriter.Write(document));
        Assert.Equal(2, document.Branches.Count);
    }

    [Fact]
    public void Branches_round_trip_through_the_writer()
    {
        var document = PolicyDocumentReader.Read(PolicyTestDocuments.Json(Network)).Document!;
        document.Devices.Clear();
        document.Branches[0].Devices.Clear();

        var again = PolicyDocumentReader.Read(PolicyDocumentWriter.Write(document));

        Assert.True(again.IsValid, string.Join("\n", again.Errors));
        Assert.Equal(["central", "east"], again.Document!.Branches.Select(b => b.Id));
        Assert.Equal("catalog.lib", again.Document.Branches[0].LocalRecords[0].Name);
    }
}
