using System.Text;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Tests.Policy.Document;

public class PolicyDocumentReaderTests
{
    [Fact]
    public void The_documented_example_is_valid()
    {
        var result = PolicyDocumentReader.Read(PolicyTestDocuments.Example);

        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
        var document = result.Document!;
        Assert.Equal("Europe/London", document.TimeZone);
        Assert.Equal(["social"], document.Categories.Keys);
        Assert.Equal(["blocklists/social.txt"], document.Categories["social"].Sources);
        Assert.Empty(document.Default.Block);
        Assert.Equal(["bad.example"], document.Deny);
        var kids = Assert.Single(document.Groups);
        Assert.Equal("kids", kids.Name);
        Assert.Equal(["social"], kids.Block);
        Assert.True(kids.SafeSearch);
        Assert.Equal(["192.168.1.20", "192.168.1.32/28", "fd00::20"], kids.Clients);
        var bedtime = Assert.Single(kids.Schedules);
        Assert.Equal(("21:00", "07:00"), (bedtime.From, bedtime.To));
        Assert.Equal(["*"], bedtime.Block);
    }

    [Theory]
    [InlineData(PolicyTestDocuments.Example)]
    [InlineData(PolicyTestDocuments.Full)]
    public void A_written_document_reads_back_equal(string json)
    {
        var original = PolicyDocumentReader.Read(json).Document!;

        var written = PolicyDocumentWriter.Write(original);
        var reread = PolicyDocumentReader.Read(written);

        Assert.Empty(reread.Errors);
        Assert.Equal(written, PolicyDocumentWriter.Write(reread.Document!));
        Assert.DoesNotContain("null", written, StringComparison.Ordinal);
        Assert.Contains("\n  \"groups\": [", written, StringComparison.Ordinal);
    }

    [Fact]
    public void The_writer_keeps_text_readable()
    {
        var document = new PolicyDocument { Categories = { ["adult"] = new CategoryDefinition { Sources = ["https://x.example/a?b=1&c=2"], Description = "Ünicode + <tags>" } } };

        var written = PolicyDocumentWriter.Write(document);

        Assert.Contains("https://x.example/a?b=1&c=2", written, StringComparison.Ordinal);
        Assert.Contains("Ünicode + <tags>", written, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_document_blocks_nothing_and_is_valid()
    {
        var document = PolicyDocuments.Default;

        Assert.Empty(document.Categories);
        Assert.Empty(document.Default.Block);
        Assert.Empty(document.Groups);
        Assert.Empty(PolicyDocumentValidator.Validate(document));
        Assert.NotSame(document, PolicyDocuments.Default);
        Assert.True(PolicyDocumentReader.Read(PolicyDocumentWriter.Write(document)).IsValid);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var result = PolicyDocumentReader.Read("""
            // the household policy
            {
              "allow": ["a.example", /* school */ "b.example",],
            }
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(["a.example", "b.example"], result.Document!.Allow);
    }

    [Fact]
    public void A_stream_with_a_byte_order_mark_reads_like_text()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(PolicyTestDocuments.Example)).ToArray();

        var result = PolicyDocumentReader.Read(new MemoryStream(bytes));

        Assert.Empty(result.Errors);
        Assert.Equal("kids", result.Document!.Groups[0].Name);
    }

    [Theory]
    [InlineData("{ \"allow\": [ }", "line 1, position 14")]
    [InlineData("{\n  \"allow\": [\"a.example\"]\n  \"deny\": []\n}", "line 3, position 3")]
    [InlineData("", "line 1, position 1")]
    [InlineData("{} {}", "line 1, position 4")]
    public void Malformed_json_is_one_error_with_its_position(string json, string position)
    {
        var result = PolicyDocumentReader.Read(json);

        Assert.False(result.IsValid);
        Assert.Null(result.Document);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("malformed JSON at " + position, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_with_a_lone_surrogate_is_one_error()
    {
        var result = PolicyDocumentReader.Read("{\"allow\": [\"a\ud800.example\"]}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_meaning_error_is_listed()
    {
        var result = PolicyDocumentReader.Read(PolicyTestDocuments.Json("""
            {
              'timeZone': 'Nowhere/Special',
              'allow': ['ok.example', 'bad..example'],
              'default': { 'block': ['missing'], 'log': 'everything' },
              'groups': [
                { 'name': 'kids', 'clients': ['10.0.0.1/8'], 'schedules': [{ 'from': '25:00', 'to': '07:00', 'block': ['*'] }] },
                { 'name': 'KIDS', 'clients': [] }
              ]
            }
            """));

        Assert.False(result.IsValid);
        Assert.Null(result.Document);
        Assert.Equal(
            [
                "$.timeZone",
                "$.allow[1]",
                "$.default.block[0]",
                "$.default.log",
                "$.groups[0].clients[0]",
                "$.groups[0].schedules[0].from",
                "$.groups[1].name",
            ],
            result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Every_shape_error_is_listed()
    {
        var result = PolicyDocumentReader.Read(PolicyTestDocuments.Json("""
            {
              'allow': 'one.example',
              'colour': 'blue',
              'groups': [
                { 'name': 'kids', 'clients': ['10.0.0.1', 7], 'safeSearch': 'yes', 'schedules': [{ 'form': '21:00' }] }
              ],
              'local': [{ 'name': 'p.home', 'ttl': 1.5 }]
            }
            """));

        Assert.Equal(
            ["$.allow", "$.colour", "$.groups[0].clients[1]", "$.groups[0].safeSearch", "$.groups[0].schedules[0].form", "$.local[0].ttl"],
            result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void A_groups_rate_limit_is_read_and_reaches_the_compiled_group()
    {
        var result = PolicyDocumentReader.Read("""
            {
              "default": { "rateLimit": { "queriesPerSecond": 100, "burst": 300 } },
              "groups": [
                { "name": "library", "clients": ["10.1.0.0/16"], "rateLimit": { "networkQueriesPerSecond": 5000, "networkBurst": 20000 } },
                { "name": "lab", "clients": ["10.2.0.0/16"], "rateLimit": { "enabled": false } },
                { "name": "kids", "clients": ["10.3.0.0/16"] }
              ]
            }
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.ToString())));
        var policy = HomeFilter.Rules.Policy.PolicyCompiler.Compile(result.Document!, new HomeFilter.Rules.Trie.CategoryTrieBuilder().Build(), [], HomeFilter.Rules.Policy.BuiltInRules.None);
        Assert.Equal(100, policy.Default.RateLimit!.QueriesPerSecond);
        Assert.Equal(300, policy.Default.RateLimit.Burst);
        Assert.Null(policy.Default.RateLimit.NetworkQueriesPerSecond);
        Assert.Equal(5000, policy.Groups[0].RateLimit!.NetworkQueriesPerSecond);
        Assert.Equal(20000, policy.Groups[0].RateLimit!.NetworkBurst);
        Assert.Null(policy.Groups[0].RateLimit!.QueriesPerSecond);
        Assert.False(policy.Groups[1].RateLimit!.Enabled);
        Assert.Null(policy.Groups[2].RateLimit);

        // Written back, the property survives.
        var written = PolicyDocumentWriter.Write(result.Document!);
        Assert.Contains("\"networkBurst\": 20000", written, StringComparison.Ordinal);
    }
}
