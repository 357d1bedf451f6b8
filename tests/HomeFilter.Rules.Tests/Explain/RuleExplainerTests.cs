using System.IO.Compression;
using System.Text;
using HomeFilter.Rules.Explain;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Explain;

public class RuleExplainerTests
{
    private static RuleSource Source(string name, int category, string text, bool allow = false, bool gzip = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        return new RuleSource(name, category, () => new MemoryStream(bytes), isAllowList: allow, gzip: gzip);
    }

    private static readonly RuleSource[] Sources =
    [
        Source("adult", 0, "# adult\n0.0.0.0 example.com\n0.0.0.0 other.example\n"),
        Source("social", 3, "||chat.example.com^\n|exact.example.com^\n", gzip: true),
        Source("allow", 0, "safe.example.com\n", allow: true),
    ];

    [Fact]
    public void Loader_reads_every_source_including_gzip_and_allow_lists()
    {
        var result = RuleSetLoader.Load(Sources, perListFigures: true);

        Assert.Equal(3, result.Lists.Count);
        Assert.Equal(2, result.Lists[1].Report.Entries);
        Assert.True(result.Lists[0].RetainedBytes > 0);
        Assert.Equal(0b1001UL, result.Trie.Match("x.chat.example.com").CategoryMask);
        Assert.True(result.Trie.Match("www.safe.example.com").AllowMatched);
    }

    [Fact]
    public void Explains_a_subdomain_block_with_the_deciding_line()
    {
        var trie = RuleSetLoader.Load(Sources).Trie;

        var explanation = new RuleExplainer(Sources).Explain(trie, "WWW.Chat.Example.com.");

        Assert.Equal("www.chat.example.com", explanation.Name);
        Assert.Equal("chat.example.com", explanation.DecidingName);
        Assert.Collection(
            explanation.Origins,
            o =>
            {
                Assert.Equal(("social", 1, "chat.example.com", true), (o.ListName, o.LineNumber, o.ListedName, o.Decisive));
                Assert.Equal(RuleAction.Block, o.Action);
            },
            o => Assert.Equal(("adult", 2, "example.com", false), (o.ListName, o.LineNumber, o.ListedName, o.Decisive)));
    }

    [Fact]
    public void Explains_an_allow_and_an_exact_entry_that_does_not_reach_a_subdomain()
    {
        var trie = RuleSetLoader.Load(Sources).Trie;
        var explainer = new RuleExplainer(Sources);

        var allowed = explainer.Explain(trie, "safe.example.com");
        Assert.True(allowed.Match.AllowMatched);
        Assert.Contains(allowed.Origins, o => o is { ListName: "allow", Decisive: true, Action: RuleAction.Allow });

        var exactParent = explainer.Explain(trie, "www.exact.example.com");
        Assert.Contains(exactParent.Origins, o => o is { ListedName: "exact.example.com", Applies: false, Decisive: false });
        Assert.Equal("example.com", exactParent.DecidingName);
    }

    [Fact]
    public void Unlisted_name_has_no_origins()
    {
        var trie = RuleSetLoader.Load(Sources).Trie;

        var explanation = new RuleExplainer(Sources).Explain(trie, "unlisted.test");

        Assert.False(explanation.Match.IsMatch);
        Assert.Null(explanation.DecidingName);
        Assert.Empty(explanation.Origins);
    }
}
