using System.Text;
using HomeFilter.Rules.Lists.Catalog;

namespace HomeFilter.Rules.Tests.Lists.Catalog;

/// <summary>What the catalog reader accepts and the first problem it names in a broken catalog.</summary>
public sealed class ListCatalogReadTests
{
    private const string Entry = "{'id':'%ID%','category':'%CAT%','name':'n','url':'https://lists.example/a.txt','format':'plain','compression':'none','licence':'MIT','homepage':'https://lists.example','description':'d','approximateEntries':10,'sizeMeasured':true}";

    public static TheoryData<string, string> Broken => new()
    {
        { "{'version':2,'lists':[],'presets':[]}", "version 2" },
        { "{'version':1,'lists':[" + List("a-list", "adult") + "," + List("a-list", "adult") + "],'presets':[]}", "appears twice" },
        { "{'version':1,'lists':[" + List("A_List", "adult") + "],'presets':[]}", "lower-case" },
        { "{'version':1,'lists':[" + List("a-list", "adult") + "],'presets':[{'id':'p','name':'P','description':'d','categories':{'adult':['other']},'block':[]}]}", "not in the catalog" },
        { "{'version':1,'lists':[" + List("a-list", "adult") + "],'presets':[{'id':'p','name':'P','description':'d','categories':{'social':['a-list']},'block':[]}]}", "in category 'social'" },
        { "{'version':1,'lists':[" + List("a-list", "adult") + "],'presets':[{'id':'p','name':'P','description':'d','categories':{'adult':['a-list']},'block':['social']}]}", "gives it no lists" },
        { "{'version':1,'lists':[" + List("a-list", "adult").Replace("'licence':'MIT'", "'licence':''", StringComparison.Ordinal) + "],'presets':[]}", "licence" },
        { "{'version':1,'lists':[" + List("a-list", "adult").Replace("https://lists.example/a.txt", "ftp://lists.example/a.txt", StringComparison.Ordinal) + "],'presets':[]}", "no http(s) URL" },
        { "{'version':1,'colour':1,'lists':[],'presets':[]}", "not valid JSON" },
        { "{'version':1,'lists':[", "not valid JSON" },

        // Found by fuzzing (fuzz/run.sh catalog): a null where the reader expected an object, an array or a string
        // threw NullReferenceException or ArgumentNullException instead of naming the problem.
        { "{'version':1,'lists':null}", "'lists'" },
        { "{'version':1,'lists':[null]}", "a catalog entry is null" },
        { "{'version':1,'lists':[" + List("a-list", "adult").Replace("'url':'https://lists.example/a.txt'", "'url':null", StringComparison.Ordinal) + "]}", "'url'" },
        { "{'version':1,'lists':[],'presets':null}", "'presets'" },
        { "{'version':1,'lists':[],'presets':[null]}", "a catalog preset is null" },
        { "{'version':1,'lists':[],'presets':[{'id':'p','categories':null}]}", "'categories'" },
        { "{'version':1,'lists':[],'presets':[{'id':'p','categories':{'adult':null}}]}", "gives category 'adult' null" },
        { "{'version':1,'lists':[],'presets':[{'id':'p','categories':{'adult':[null]}}]}", "names null in category 'adult'" },
        { "{'version':1,'lists':[],'presets':[{'id':'p','block':null}]}", "'block'" },
        { "{'version':1,'lists':[],'presets':[{'id':'p','block':[null]}]}", "gives it no lists" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_catalog_is_refused_with_its_first_problem(string json, string expected)
    {
        var catalog = ListCatalog.Read(Stream(json), out var error);
        Assert.Null(catalog);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_catalog_finds_entries_and_presets_by_id()
    {
        var json = "{'version':1,'lists':[" + List("a-list", "adult") + "],'presets':[{'id':'family','name':'Family','description':'d','categories':{'adult':['a-list']},'block':['adult']}]}";
        var catalog = ListCatalog.Read(Stream(json), out var error);
        Assert.Null(error);
        Assert.True(catalog!.TryGet("a-list", out var list));
        Assert.Equal("https://lists.example/a.txt", list.Url);
        Assert.False(catalog.TryGet("b-list", out _));
        Assert.Equal(["adult"], catalog.Preset("family")!.Block);
        Assert.Null(catalog.Preset("library"));
    }

    [Fact]
    public void A_missing_file_is_an_empty_catalog() =>
        Assert.Empty(ListCatalog.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "catalog.json"), out _)!.Lists);

    [Theory]
    [InlineData("hagezi-nsfw", true)]
    [InlineData("ut1-adult", true)]
    [InlineData("a1", true)]
    [InlineData("a", false)]
    [InlineData("-adult", false)]
    [InlineData("social.txt", false)]
    [InlineData("blocklists/social", false)]
    [InlineData("Adult", false)]
    [InlineData("https://x.example/a", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_lower_case_letters_digits_and_dashes_make_an_id(string? source, bool expected) =>
        Assert.Equal(expected, ListCatalog.IsId(source));

    private static string List(string id, string category) => Entry.Replace("%ID%", id, StringComparison.Ordinal).Replace("%CAT%", category, StringComparison.Ordinal);

    private static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json.Replace('\'', '"')));
}
