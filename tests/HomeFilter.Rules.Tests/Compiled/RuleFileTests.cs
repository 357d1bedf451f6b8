using System.Buffers.Binary;
using System.Text;
using HomeFilter.Rules.Compiled;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Tests.Trie;
using HomeFilter.Rules.Trie;
using HomeFilter.Rules.Trie.Memory;

namespace HomeFilter.Rules.Tests.Compiled;

/// <summary>A rules file gives back exactly the trie and reports that were saved, and a damaged one is refused.</summary>
public sealed class RuleFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-rulefile-").FullName;

    private const string Hosts = """
        # a hosts list
        0.0.0.0 adult.example
        0.0.0.0 www.adult.example
        0.0.0.0 deep.a.b.c.test
        127.0.0.1 localhost
        0.0.0.0 not a name!
        """;

    private const string Adblock = """
        ! an adblock list
        ||ads.example.com^
        |exact.example.net^
        @@||safe.ads.example.com^
        @@|only.ads.example.com^
        """;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static RuleSource[] Sources()
    {
        // A wide list too, so blocks with bucket tables are written and read back.
        var wide = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            wide.Append("site").Append(i).Append(i % 3 == 0 ? ".com" : i % 3 == 1 ? ".org" : ".co.uk").Append('\n');
            if (i % 7 == 0)
            {
                wide.Append("cdn").Append(i).Append(".hub.com\n");
            }
        }

        return
        [
            Source("hosts.txt", 0, Hosts),
            Source("adblock.txt", 1, Adblock),
            Source("wide.txt", 2, wide.ToString()),
        ];
    }

    private static RuleSource Source(string name, int category, string text) =>
        new(name, category, () => new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private static readonly string[] Names =
    [
        "adult.example", "WWW.Adult.Example.", "x.y.adult.example", "example", "deep.a.b.c.test", "a.b.c.test",
        "ads.example.com", "x.ads.example.com", "safe.ads.example.com", "bad.safe.ads.example.com", "only.ads.example.com",
        "x.only.ads.example.com", "exact.example.net", "sub.exact.example.net", "site0.com", "www.site1.org", "site2.co.uk",
        "site3.co.uk", "cdn7.hub.com", "cdn8.hub.com", "hub.com", "site2999.co.uk", "unlisted.invalid", "", ".", "com",
    ];

    private string Save(RuleSetLoadResult rules, string inputs = "inputs v1")
    {
        var path = Path.Combine(_folder, "rules.bin");
        using var stream = File.Create(path);
        RuleFileWriter.Write(stream, rules, Encoding.UTF8.GetBytes(inputs));
        return path;
    }

    [Theory]
    [InlineData(TrieMemoryKind.Native)]
    [InlineData(TrieMemoryKind.Pinned)]
    [InlineData(TrieMemoryKind.Mapped)]
    public void Saved_rules_load_back_with_identical_lookups(TrieMemoryKind kind)
    {
        var sources = Sources();
        var built = RuleSetLoader.Load(sources);
        var read = RuleFileReader.Read(Save(built), kind);

        Assert.True(read.Succeeded, read.Error);
        var file = read.File!;
        Assert.Equal("inputs v1", Encoding.UTF8.GetString(file.Inputs.Span));
        Assert.Equal(kind, file.Trie.MemoryKind);
        Assert.Equal(built.Trie.Statistics, file.Trie.Statistics);
        Assert.Equal(built.Trie.NameCount, file.Trie.NameCount);
        foreach (var name in Names)
        {
            var expected = built.Trie.Match(name);
            Assert.Equal(expected, file.Trie.Match(name));
            Assert.Equal(built.Trie.Match(TrieTestData.ToWire(name)), file.Trie.Match(TrieTestData.ToWire(name)));
            if (expected.RuleId >= 0)
            {
                Assert.Equal(built.Trie.GetRuleValue(expected.RuleId), file.Trie.GetRuleValue(expected.RuleId));
            }
        }

        var lists = file.ToLoadResult(sources);
        Assert.NotNull(lists);
        Assert.Equal(built.Lists.Select(l => (l.Source.Name, l.DistinctNames, l.Report.ToString())), lists.Lists.Select(l => (l.Source.Name, l.DistinctNames, l.Report.ToString())));
    }

    [Fact]
    public void Golden_decisions_survive_a_round_trip()
    {
        // What the lists above decide, written out by hand: a change in either side of the file shows here.
        var read = RuleFileReader.Read(Save(RuleSetLoader.Load(Sources())));
        var trie = read.File!.Trie;
        Assert.Equal(0b001UL, trie.Match("www.adult.example").CategoryMask);
        Assert.Equal(0b010UL, trie.Match("x.ads.example.com").CategoryMask);
        Assert.True(trie.Match("bad.safe.ads.example.com").AllowMatched);
        Assert.True(trie.Match("only.ads.example.com").AllowMatched);
        Assert.Equal(0b010UL, trie.Match("x.only.ads.example.com").CategoryMask);
        Assert.Equal(0b010UL, trie.Match("exact.example.net").CategoryMask);
        Assert.Equal(0UL, trie.Match("sub.exact.example.net").CategoryMask);
        Assert.Equal(0b100UL, trie.Match("a.cdn7.hub.com").CategoryMask);
        Assert.False(trie.Match("cdn8.hub.com").IsMatch);
    }

    [Fact]
    public void Other_sources_than_the_saved_ones_give_no_result()
    {
        var read = RuleFileReader.Read(Save(RuleSetLoader.Load(Sources())));
        Assert.Null(read.File!.ToLoadResult(Sources()[..2]));
        Assert.Null(read.File!.ToLoadResult([Source("other.txt", 0, ""), .. Sources()[1..]]));
    }

    [Fact]
    public void An_empty_rule_set_round_trips()
    {
        var read = RuleFileReader.Read(Save(RuleSetLoader.Load([])));
        Assert.True(read.Succeeded, read.Error);
        Assert.False(read.File!.Trie.Match("example.com").IsMatch);
    }

    public static TheoryData<double> Positions => new() { 0.0, 0.3, 0.55, 0.7, 0.99, 1.0 };

    [Theory]
    [MemberData(nameof(Positions))]
    public void One_flipped_byte_is_detected(double where)
    {
        var path = Save(RuleSetLoader.Load(Sources()));
        var bytes = File.ReadAllBytes(path);
        // 0 is the magic, the rest spread over metadata and data, 1.0 the last byte.
        var index = Math.Min(bytes.Length - 1, (int)(bytes.Length * where));
        bytes[index] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var read = RuleFileReader.Read(path);
        Assert.False(read.Succeeded);
        Assert.Matches("checksum|magic|corrupt", read.Error!);
    }

    [Fact]
    public void A_flipped_byte_in_every_header_field_is_detected()
    {
        var path = Save(RuleSetLoader.Load(Sources()));
        var original = File.ReadAllBytes(path);
        for (var index = 0; index < 64; index++)
        {
            var bytes = (byte[])original.Clone();
            bytes[index] ^= 0x01;
            File.WriteAllBytes(path, bytes);
            Assert.False(RuleFileReader.Read(path).Succeeded, $"header byte {index}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(-1)]
    public void A_truncated_file_is_detected(int keep)
    {
        var path = Save(RuleSetLoader.Load(Sources()));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);

        var read = RuleFileReader.Read(path, TrieMemoryKind.Mapped);
        Assert.False(read.Succeeded);
        Assert.Contains("truncated", read.Error!, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_format_version_is_refused()
    {
        var path = Save(RuleSetLoader.Load(Sources()));
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 99);
        File.WriteAllBytes(path, bytes);

        var read = RuleFileReader.Read(path);
        Assert.False(read.Succeeded);
        Assert.Contains("format version 99", read.Error!, StringComparison.Ordinal);
    }

    [Fact]
    public void The_inputs_can_be_peeked_without_the_data()
    {
        var path = Save(RuleSetLoader.Load(Sources()), "peek me");
        Assert.Equal("peek me", Encoding.UTF8.GetString(RuleFileReader.PeekInputs(path)!));
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..40]);
        Assert.Null(RuleFileReader.PeekInputs(path));
        Assert.Null(RuleFileReader.PeekInputs(Path.Combine(_folder, "nothing.bin")));
    }

    [Fact]
    public void A_missing_file_says_so()
    {
        var read = RuleFileReader.Read(Path.Combine(_folder, "nothing.bin"));
        Assert.Equal("no rules file", read.Error);
    }
}
