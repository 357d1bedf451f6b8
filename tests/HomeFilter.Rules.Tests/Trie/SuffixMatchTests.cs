using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Trie;

/// <summary>Table-driven suffix matching, in the spirit of PowerDNS test_suffixmatch.</summary>
public class SuffixMatchTests
{
    private const ulong Adult = 1UL << 0;
    private const ulong News = 1UL << 1;
    private const ulong Malware = 1UL << 2;
    private const ulong Social = 1UL << 3;
    private const ulong Exact = 1UL << 4;
    private const ulong Tld = 1UL << 5;
    private const ulong Deep = 1UL << 63;

    private static readonly CategoryTrie Trie = TrieTestData.Build(
        ("example.com", RuleValue.Block(0)),
        ("ads.example.com", RuleValue.Block(0)),
        ("news.bbc.co.uk", RuleValue.Block(1)),
        ("safe.example.com", RuleValue.AllowSubtree),
        ("bad.safe.example.com", RuleValue.Block(2)),
        ("both.org", RuleValue.Block(0)),
        ("both.org", RuleValue.Block(3)),
        ("exact.net", RuleValue.BlockExact(4)),
        ("zip", RuleValue.Block(5)),
        ("only.example.com", RuleValue.AllowExactName),
        ("a.b.c.d.e.f.g.h.i.j.deep.test", RuleValue.Block(63)),
        ("mixed.exact.org", RuleValue.BlockExact(4)),
        ("mixed.exact.org", RuleValue.Block(3)));

    public static TheoryData<string, ulong, bool> Cases => new()
    {
        { "example.com", Adult, false },
        { "EXAMPLE.COM.", Adult, false },
        { "Www.ExAmPlE.cOm", Adult, false },
        { "a.b.c.d.e.f.example.com", Adult, false },
        { "ads.example.com", Adult, false },
        { "notexample.com", 0, false },
        { "example.co", 0, false },
        { "com", 0, false },
        { "news.bbc.co.uk", News, false },
        { "live.news.bbc.co.uk", News, false },
        { "images.bbc.co.uk", 0, false },
        { "bbc.co.uk", 0, false },
        { "co.uk", 0, false },
        { "safe.example.com", 0, true },
        { "deep.under.safe.example.com", 0, true },
        { "bad.safe.example.com", Malware, false },
        { "x.bad.safe.example.com", Malware, false },
        { "unsafe.example.com", Adult, false },
        { "both.org", Adult | Social, false },
        { "www.both.org", Adult | Social, false },
        { "exact.net", Exact, false },
        { "www.exact.net", 0, false },
        { "zip", Tld, false },
        { "anything.zip", Tld, false },
        { "a.b.anything.zip", Tld, false },
        { "only.example.com", 0, true },
        { "x.only.example.com", Adult, false },
        { "a.b.c.d.e.f.g.h.i.j.deep.test", Deep, false },
        { "z.a.b.c.d.e.f.g.h.i.j.deep.test", Deep, false },
        { "b.c.d.e.f.g.h.i.j.deep.test", 0, false },
        { "mixed.exact.org", Exact | Social, false },
        { "www.mixed.exact.org", Social, false },
        { "", 0, false },
        { ".", 0, false },
        { "unlisted.example", 0, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Char_lookup_answers_the_table(string query, ulong mask, bool allowed)
    {
        var match = Trie.Match(query);

        Assert.Equal(mask, match.CategoryMask);
        Assert.Equal(allowed, match.AllowMatched);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Wire_lookup_answers_the_same_as_char_lookup(string query, ulong mask, bool allowed)
    {
        var wire = Trie.Match(TrieTestData.ToWire(query));

        Assert.Equal(mask, wire.CategoryMask);
        Assert.Equal(allowed, wire.AllowMatched);
        Assert.Equal(Trie.Match(query), wire);
    }

    [Theory]
    [InlineData("www.example.com", 2)]
    [InlineData("ads.example.com", 2)]
    [InlineData("x.bad.safe.example.com", 4)]
    [InlineData("deep.under.safe.example.com", 3)]
    [InlineData("anything.zip", 1)]
    [InlineData("unlisted.example", 0)]
    public void Matched_labels_name_the_deciding_suffix(string query, int labels)
    {
        var match = Trie.Match(query);

        Assert.Equal(labels, match.MatchedLabels);
        Assert.Equal(labels > 0, match.IsMatch);
    }

    [Fact]
    public void Rule_id_leads_back_to_the_value_of_the_deciding_entry()
    {
        var match = Trie.Match("www.both.org");

        Assert.Equal(RuleValue.Block(0).Merge(RuleValue.Block(3)), Trie.GetRuleValue(match.RuleId));
    }

    [Theory]
    [InlineData("www.example.com", 1UL, false)]
    [InlineData("news.bbc.co.uk", 2UL, false)]
    [InlineData("anything.zip", 32UL, false)]
    [InlineData("exact.net", 16UL, false)]
    [InlineData("deep.under.safe.example.com", 0UL, true)]
    [InlineData("x.bad.safe.example.com", 4UL, false)]
    public void Rule_ids_in_every_segment_lead_to_the_deciding_value(string query, ulong blockMask, bool allow)
    {
        var value = Trie.GetRuleValue(Trie.Match(query).RuleId);

        Assert.Equal(blockMask, value.BlockMask | value.ExactBlockMask);
        Assert.Equal(allow, value.Allow);
    }

    [Fact]
    public void Root_entry_applies_to_every_name_and_an_allow_below_it_wins()
    {
        var trie = TrieTestData.Build(
            ("", RuleValue.Block(7)),
            ("school.edu", RuleValue.AllowSubtree));

        Assert.Equal(1UL << 7, trie.Match("anything.example").CategoryMask);
        Assert.Equal(1UL << 7, trie.Match(".").CategoryMask);
        Assert.True(trie.Match("www.school.edu").RuleId > 0);
        Assert.True(trie.Match("www.school.edu").AllowMatched);
        Assert.Equal(0UL, trie.Match("www.school.edu").CategoryMask);
        Assert.Equal(0, trie.Match("anything.example").MatchedLabels);
    }

    [Fact]
    public void Child_listed_under_a_blocked_parent_in_a_new_category_adds_it()
    {
        var trie = TrieTestData.Build(
            ("example.com", RuleValue.Block(0)),
            ("chat.example.com", RuleValue.Block(1)));

        Assert.Equal(0b11UL, trie.Match("x.chat.example.com").CategoryMask);
        Assert.Equal(0b01UL, trie.Match("mail.example.com").CategoryMask);
    }

    [Fact]
    public void Absorbed_children_do_not_cost_records()
    {
        var builder = new CategoryTrieBuilder();
        builder.Add("example.com", RuleValue.Block(0));
        for (var i = 0; i < 100; i++)
        {
            builder.Add($"host{i}.example.com", RuleValue.Block(0));
        }

        var trie = builder.Build();

        Assert.Equal(101, trie.NameCount);
        Assert.Equal(1, trie.Statistics.ValueRecords);
        Assert.Equal(1UL, trie.Match("host42.example.com").CategoryMask);
    }

    [Fact]
    public void Wide_nodes_use_buckets_and_still_find_every_child()
    {
        var builder = new CategoryTrieBuilder();
        for (var i = 0; i < 5000; i++)
        {
            builder.Add($"site{i}.com", RuleValue.Block(i % 64));
            builder.Add($"w{i}.sub{i % 7}.wide.net", RuleValue.Block(1));
        }

        var trie = builder.Build();

        for (var i = 0; i < 5000; i++)
        {
            Assert.Equal(1UL << (i % 64), trie.Match($"www.site{i}.com").CategoryMask);
            Assert.Equal(2UL, trie.Match($"w{i}.sub{i % 7}.wide.net").CategoryMask);
            Assert.False(trie.Match($"site{i}x.com").IsMatch);
        }
    }

    [Theory]
    [InlineData(new byte[] { 3, (byte)'c', (byte)'o' })]
    [InlineData(new byte[] { 0xC0, 0x0C })]
    [InlineData(new byte[] { 64, (byte)'a' })]
    public void Malformed_wire_names_match_nothing(byte[] wire)
    {
        var trie = TrieTestData.Build(("co", RuleValue.Block(0)));

        Assert.False(trie.Match(wire).IsMatch);
    }

    [Fact]
    public void Wire_name_without_root_terminator_is_accepted()
    {
        var wire = TrieTestData.ToWire("news.bbc.co.uk");

        Assert.Equal(News, Trie.Match(wire.AsSpan(0, wire.Length - 1)).CategoryMask);
    }

    [Fact]
    public void Adding_the_same_entry_twice_reports_a_duplicate()
    {
        var builder = new CategoryTrieBuilder();

        Assert.Equal(AddResult.Added, builder.Add("a.example", RuleValue.Block(1)));
        Assert.Equal(AddResult.Duplicate, builder.Add("a.example", RuleValue.Block(1)));
        Assert.Equal(AddResult.Merged, builder.Add("a.example", RuleValue.Block(2)));
        Assert.Equal(1, builder.Count);
    }

    [Theory]
    [InlineData("Upper.example")]
    [InlineData("trailing.example.")]
    [InlineData("double..dot")]
    [InlineData("space here.example")]
    [InlineData("example.COM")]
    [InlineData("1.2.3.4")]
    [InlineData(".leading.example")]
    [InlineData("a.b..c")]
    [InlineData("bücher.example")]
    public void Builder_rejects_names_that_are_not_normalised(string name)
    {
        var builder = new CategoryTrieBuilder();

        Assert.Throws<ArgumentException>(() => builder.Add(name, RuleValue.Block(0)));
    }

    [Theory]
    [InlineData("1234.5678.90.12")]
    [InlineData("1.2.3.com")]
    [InlineData("1.2.3.4.5")]
    public void Builder_accepts_numeric_names_that_are_not_addresses(string name)
    {
        Assert.True(HomeFilter.Rules.Names.DomainName.TryNormalize(name, out _, out _));
        var builder = new CategoryTrieBuilder();

        builder.Add(name, RuleValue.Block(0));

        Assert.True(builder.Build().Match(name).IsBlocked);
    }

    [Fact]
    public void Empty_trie_matches_nothing()
    {
        Assert.Equal(TrieMatch.None, CategoryTrie.Empty.Match("example.com"));
        Assert.True(CategoryTrie.Empty.RetainedBytes > 0);
    }
}
