using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HomeFilter.Benchmarks.Baselines;
using HomeFilter.Benchmarks.Data;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Benchmarks.Trie;

/// <summary>
/// Build time from parsed entries (every entry added, duplicates across lists included, then frozen),
/// with the memory columns of <see cref="TrieMemoryColumn"/>; the baselines are built from the same names.
/// </summary>
[Config(typeof(TrieBuildBenchmarks.Config))]
public class TrieBuildBenchmarks
{
    private TrieDataSet _data = null!;
    private string[] _names = [];

    [ParamsSource(nameof(Sources))]
    public string Source { get; set; } = "generated-100k";

    public static IEnumerable<string> Sources => TrieDataSet.Available;

    [GlobalSetup]
    public void Setup()
    {
        _data = TrieDataSet.Get(Source);
        _names = [.. _data.Entries.Select(e => e.Name)];
        var trie = _data.BuildTrie();
        if (trie.NameCount != _data.DistinctNames.Length || !trie.Match(_data.HitQueries[0]).IsMatch)
        {
            throw new InvalidOperationException($"Build check failed: {trie.NameCount} names in the trie, {_data.DistinctNames.Length} expected.");
        }
    }

    [Benchmark]
    public long Trie_Build()
    {
        var builder = new CategoryTrieBuilder();
        foreach (var (name, value) in _data.Entries)
        {
            builder.Add(name, value);
        }

        return builder.Build().RetainedBytes;
    }

    [Benchmark(Baseline = true)]
    public int HashSet_Build() => new SuffixHashSet(_names).Count;

    [Benchmark]
    public int SortedArray_Build() => new SortedSuffixArray(_names).Count;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            Add(new LongRunningBenchmarkConfig("TrieBuild"));
            AddColumn(TrieMemoryColumn.All);
        }
    }
}
