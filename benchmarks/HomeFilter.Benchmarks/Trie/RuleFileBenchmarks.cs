using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HomeFilter.Benchmarks.Data;
using HomeFilter.Rules.Compiled;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;
using HomeFilter.Rules.Trie.Memory;

namespace HomeFilter.Benchmarks.Trie;

/// <summary>
/// A start's cost for the rules: parsing the lists as text and building the trie, against reading and checking
/// the rules file into native memory, a pinned array or a mapped view (the file is in the page cache, as on a
/// restart). <see cref="RuleFileLookupBenchmarks"/> compares lookups on each kind. The list text is the data set's entries written as adblock lines, one list per category.
/// </summary>
[Config(typeof(Config))]
public class RuleFileBenchmarks
{
    private RuleSource[] _sources = [];
    private string _path = "";

    [ParamsSource(nameof(Sources))]
    public string Source { get; set; } = "generated-100k";

    public static IEnumerable<string> Sources => TrieDataSet.Available;

    [GlobalSetup]
    public void Setup()
    {
        _sources = ListsOf(TrieDataSet.Get(Source));
        var built = RuleSetLoader.Load(_sources);
        _path = Path.Combine(Path.GetTempPath(), $"homefilter-bench-{Source}-{Environment.ProcessId}.bin");
        using (var stream = File.Create(_path))
        {
            RuleFileWriter.Write(stream, built, "bench"u8);
        }

    }

    /// <summary>The data set's entries as adblock lists, one per category (shared with the lookup benchmarks).</summary>
    internal static RuleSource[] ListsOf(TrieDataSet data)
    {
        var texts = new Dictionary<int, StringBuilder>();
        foreach (var (name, value) in data.Entries)
        {
            var mask = value.BlockMask | value.ExactBlockMask;
            var category = mask == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount(mask);
            if (!texts.TryGetValue(category, out var text))
            {
                texts[category] = text = new StringBuilder();
            }

            text.Append(value.Allow ? "@@||" : value.ExactAllow ? "@@|" : value.ExactBlockMask != 0 ? "|" : "||").Append(name).Append("^\n");
        }

        return [.. texts.OrderBy(t => t.Key).Select(t => Text(t.Key, t.Value.ToString()))];
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    private static RuleSource Text(int category, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new RuleSource($"category-{category}.txt", category, () => new MemoryStream(bytes, writable: false), ListFormat.Adblock);
    }

    [BenchmarkCategory("Start"), Benchmark(Baseline = true)]
    public int BuildFromText() => RuleSetLoader.Load(_sources).Trie.NameCount;

    [BenchmarkCategory("Start"), Benchmark]
    public int LoadNative() => RuleFileReader.Read(_path, TrieMemoryKind.Native).File!.Trie.NameCount;

    [BenchmarkCategory("Start"), Benchmark]
    public int LoadPinned() => RuleFileReader.Read(_path, TrieMemoryKind.Pinned).File!.Trie.NameCount;

    [BenchmarkCategory("Start"), Benchmark]
    public int LoadMapped() => RuleFileReader.Read(_path, TrieMemoryKind.Mapped).File!.Trie.NameCount;

    private sealed class Config : ManualConfig
    {
        public Config() => Add(new LongRunningBenchmarkConfig("RuleFile"));
    }
}
