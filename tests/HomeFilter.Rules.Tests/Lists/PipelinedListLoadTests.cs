using System.IO.Compression;
using System.Text;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Lists;

/// <summary>Parsing on one thread while another adds gives the same trie and reports as a load on one thread.</summary>
public class PipelinedListLoadTests
{
    private static readonly EssentialNames Essential = EssentialNames.From(["google.com", "keep.example"], out _);

    /// <summary>Lists of many batches (over 4,096 entries and over 256 K characters), repeats within and across lists, holds, allow entries.</summary>
    private static RuleSource[] Sources()
    {
        var big = new StringBuilder();
        for (var i = 0; i < 12_000; i++)
        {
            big.Append("0.0.0.0 host").Append(i).Append(".with-a-rather-long-label-to-fill-the-batch-characters.example\n");
        }

        big.Append("0.0.0.0 host7.with-a-rather-long-label-to-fill-the-batch-characters.example\n0.0.0.0 google.com\n");
        var adblock = new StringBuilder("! title\n||ads.example^\n@@||good.ads.example^\n||keep.example^\n||example^\n");
        for (var i = 0; i < 5_000; i++)
        {
            adblock.Append("||tracker").Append(i).Append(".example^\n");
        }

        return
        [
            Text("big.hosts", 0, big.ToString()),
            Text("adblock.txt", 1, adblock.ToString()),
            Text("plain.txt", 2, "host1.with-a-rather-long-label-to-fill-the-batch-characters.example\nsame.example\nsame.example\n\n# c\nnot a name\n"),
            new RuleSource("plain.gz", 3, () => new MemoryStream(Gzip("gz1.example\ngz2.example\n")), gzip: true),
            Text("allow.txt", 4, "good.example\nkeep.example\n", isAllowList: true),
        ];
    }

    [Fact]
    public void The_trie_and_every_report_equal_a_load_on_one_thread()
    {
        var serialBuilder = new CategoryTrieBuilder();
        var serial = RuleSetLoader.Serial(Sources(), perListFigures: false, Essential, serialBuilder);
        var pipelinedBuilder = new CategoryTrieBuilder();
        var pipelined = PipelinedListLoad.Run(Sources(), Essential, pipelinedBuilder);
        var serialTrie = serialBuilder.Build();
        var pipelinedTrie = pipelinedBuilder.Build();

        Assert.Equal(serialTrie.NameCount, pipelinedTrie.NameCount);
        Assert.Equal(serialTrie.RetainedBytes, pipelinedTrie.RetainedBytes);
        foreach (var name in new[] { "host0.with-a-rather-long-label-to-fill-the-batch-characters.example", "host11999.with-a-rather-long-label-to-fill-the-batch-characters.example", "google.com", "ads.example", "x.ads.example", "good.ads.example", "keep.example", "example", "tracker4999.example", "gz2.example", "good.example", "absent.test" })
        {
            Assert.Equal(serialTrie.Match(name), pipelinedTrie.Match(name));
        }

        Assert.Equal(serial.Count, pipelined.Count);
        for (var i = 0; i < serial.Count; i++)
        {
            var (a, b) = (serial[i].Report, pipelined[i].Report);
            Assert.Equal((a.Lines, a.Entries, a.Duplicates, a.SkippedTotal, a.EssentialHeldBack), (b.Lines, b.Entries, b.Duplicates, b.SkippedTotal, b.EssentialHeldBack));
            Assert.Equal(a.EssentialHolds, b.EssentialHolds);
            Assert.Equal(serial[i].DistinctNames, pipelined[i].DistinctNames);
        }

        // The figures the table is built from: repeats across lists, holds and a whole second batch were all there.
        Assert.Equal(1, pipelined[0].Report.Duplicates);
        Assert.Equal(1, pipelined[0].Report.EssentialHeldBack);
        Assert.Equal(1, pipelined[2].Report.Duplicates);
        Assert.Equal(12_001, pipelined[0].Report.Entries);
    }

    [Fact]
    public void A_broken_list_fails_the_load_as_on_one_thread()
    {
        RuleSource[] sources = [.. Sources()[..2], new RuleSource("gone.txt", 5, () => throw new IOException("gone.txt: the disk is gone"))];

        var serial = Record.Exception(() => RuleSetLoader.Serial(sources, perListFigures: false, Essential, new CategoryTrieBuilder()));
        var pipelined = Record.Exception(() => PipelinedListLoad.Run(sources, Essential, new CategoryTrieBuilder()));

        Assert.NotNull(serial);
        Assert.NotNull(pipelined);
        Assert.Equal(serial.GetType(), pipelined.GetType());
        Assert.Equal(serial.Message, pipelined.Message);
    }

    private static RuleSource Text(string name, int category, string text, bool isAllowList = false) =>
        new(name, category, () => new MemoryStream(Encoding.UTF8.GetBytes(text)), isAllowList: isAllowList);

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
