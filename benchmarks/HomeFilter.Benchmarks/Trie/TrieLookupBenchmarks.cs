using BenchmarkDotNet.Attributes;
using HomeFilter.Benchmarks.Baselines;
using HomeFilter.Benchmarks.Data;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Benchmarks.Trie;

/// <summary>
/// Lookup cost per name: listed names, subdomains of listed names (4 labels) and unlisted popular names
/// (4 labels), for the trie (char and wire input) and the two baselines, in the same run. Each invocation
/// walks <see cref="TrieDataSet.QueryCount"/> different names, so the figure includes cache misses
/// rather than one hot path.
/// </summary>
[Config(typeof(Config))]
public class TrieLookupBenchmarks
{
    private CategoryTrie _trie = null!;
    private SuffixHashSet _hashSet = null!;
    private SortedSuffixArray _sorted = null!;
    private string[] _hits = [];
    private string[] _subdomains = [];
    private string[] _misses = [];
    private byte[][] _subdomainsWire = [];

    [ParamsSource(nameof(Sources))]
    public string Source { get; set; } = "generated-100k";

    public static IEnumerable<string> Sources => TrieDataSet.Available;

    [GlobalSetup]
    public void Setup()
    {
        var data = TrieDataSet.Get(Source);
        _trie = data.BuildTrie();
        _hashSet = new SuffixHashSet(data.DistinctNames);
        _sorted = new SortedSuffixArray(data.DistinctNames);
        _hits = data.HitQueries;
        _subdomains = data.SubdomainQueries;
        _misses = data.MissQueries;
        _subdomainsWire = [.. _subdomains.Select(WireName.Encode)];

        // The figures mean nothing unless every structure gives the expected answer for every query.
        foreach (var name in _hits)
        {
            Expect(_trie.Match(name).IsMatch && _hashSet.Matches(name) && _sorted.Matches(name), $"listed name {name} not found");
        }

        for (var i = 0; i < _subdomains.Length; i++)
        {
            var name = _subdomains[i];
            Expect(_trie.Match(name).IsMatch && _hashSet.Matches(name) && _sorted.Matches(name), $"subdomain {name} not found");
            Expect(_trie.Match(_subdomainsWire[i]) == _trie.Match(name), $"wire and char lookups differ for {name}");
        }

        foreach (var name in _misses)
        {
            Expect(!_trie.Match(name).IsMatch && !_hashSet.Matches(name) && !_sorted.Matches(name), $"unlisted {name} matched");
        }
    }

    [BenchmarkCategory("Hit"), Benchmark(Baseline = true, OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int HashSet_Hit() => CountHashSet(_hits);

    [BenchmarkCategory("Hit"), Benchmark(OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int SortedArray_Hit() => CountSorted(_hits);

    [BenchmarkCategory("Hit"), Benchmark(OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int Trie_Hit() => CountTrie(_hits);

    [BenchmarkCategory("Subdomain"), Benchmark(Baseline = true, OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int HashSet_Subdomain() => CountHashSet(_subdomains);

    [BenchmarkCategory("Subdomain"), Benchmark(OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int SortedArray_Subdomain() => CountSorted(_subdomains);

    [BenchmarkCategory("Subdomain"), Benchmark(OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int Trie_Subdomain() => CountTrie(_subdomains);

    [BenchmarkCategory("Subdomain"), Benchmark(OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int Trie_Subdomain_Wire()
    {
        var count = 0;
        foreach (var name in _subdomainsWire)
        {
            if (_trie.Match(name).IsMatch)
            {
                count++;
            }
        }

        return count;
    }

    [BenchmarkCategory("Miss"), Benchmark(Baseline = true, OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int HashSet_Miss() => CountHashSet(_misses);

    [BenchmarkCategory("Miss"), Benchmark(OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int SortedArray_Miss() => CountSorted(_misses);

    [BenchmarkCategory("Miss"), Benchmark(OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int Trie_Miss() => CountTrie(_misses);

    private int CountTrie(string[] names)
    {
        var count = 0;
        foreach (var name in names)
        {
            if (_trie.Match(name).IsMatch)
            {
                count++;
            }
        }

        return count;
    }

    private int CountHashSet(string[] names)
    {
        var count = 0;
        foreach (var name in names)
        {
            if (_hashSet.Matches(name))
            {
                count++;
            }
        }

        return count;
    }

    private int CountSorted(string[] names)
    {
        var count = 0;
        foreach (var name in names)
        {
            if (_sorted.Matches(name))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The shared configuration under this class's own build-folder id.</summary>
    private sealed class Config : BenchmarkConfig
    {
        public Config()
            : base("TrieLookup")
        {
        }
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark setup check failed: " + message);
        }
    }
}
