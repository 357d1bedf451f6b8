using BenchmarkDotNet.Attributes;
using HomeFilter.Benchmarks.Data;
using HomeFilter.Rules.Compiled;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;
using HomeFilter.Rules.Trie.Memory;

namespace HomeFilter.Benchmarks.Trie;

/// <summary>
/// The same subdomain lookups (<see cref="TrieDataSet.SubdomainQueries"/>) on a trie just built (pinned segments)
/// and on tries read from a rules file into native memory, a pinned array and a mapped view, in one run.
/// </summary>
[Config(typeof(Config))]
public class RuleFileLookupBenchmarks
{
    private CategoryTrie _trie = null!;
    private string[] _subdomains = [];
    private string _path = "";

    [ParamsSource(nameof(Sources))]
    public string Source { get; set; } = "generated-100k";

    public static IEnumerable<string> Sources => TrieDataSet.Available;

    [Params("Built", "Native", "Pinned", "Mapped")]
    public string Memory { get; set; } = "Built";

    [GlobalSetup]
    public void Setup()
    {
        var data = TrieDataSet.Get(Source);
        var built = RuleSetLoader.Load(RuleFileBenchmarks.ListsOf(data));
        _trie = built.Trie;
        if (Memory != "Built")
        {
            _path = Path.Combine(Path.GetTempPath(), $"homefilter-bench-lookup-{Environment.ProcessId}.bin");
            using (var stream = File.Create(_path))
            {
                RuleFileWriter.Write(stream, built, "bench"u8);
            }

            _trie = RuleFileReader.Read(_path, Enum.Parse<TrieMemoryKind>(Memory)).File!.Trie;
        }

        _subdomains = data.SubdomainQueries;
        foreach (var name in _subdomains)
        {
            if (_trie.Match(name) != built.Trie.Match(name) || !_trie.Match(name).IsMatch)
            {
                throw new InvalidOperationException($"{name}: the {Memory} trie answers otherwise than the one built");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_path.Length > 0)
        {
            File.Delete(_path);
        }
    }

    [Benchmark(OperationsPerInvoke = TrieDataSet.QueryCount)]
    public int Subdomain()
    {
        var count = 0;
        foreach (var name in _subdomains)
        {
            if (_trie.Match(name).IsMatch)
            {
                count++;
            }
        }

        return count;
    }

    private sealed class Config : BenchmarkConfig
    {
        public Config()
            : base("RuleFileLookup")
        {
        }
    }
}
