using System.Globalization;
using HomeFilter.Benchmarks.Baselines;
using HomeFilter.Benchmarks.Data;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Benchmarks.Trie;

/// <summary>
/// Memory figures for one data set and structure, measured in the process that prints the summary:
/// the structure's own accounting where it has one, and the managed-heap growth after a full GC.
/// </summary>
public sealed record TrieMemoryMeasurement(int Names, long ExactBytes, long HeapBytes, long PeakBytes)
{
    private static readonly Dictionary<(string Source, string Structure), TrieMemoryMeasurement> Cache = [];

    public static TrieMemoryMeasurement Get(string source, string structure)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((source, structure), out var measurement))
            {
                measurement = Measure(TrieDataSet.Get(source), structure);
                Cache[(source, structure)] = measurement;
            }

            return measurement;
        }
    }

    public string Describe(string what) => what switch
    {
        "exact" => ExactBytes <= 0 ? "-" : ((double)ExactBytes / Names).ToString("F2", CultureInfo.InvariantCulture),
        "heap" => ((double)HeapBytes / Names).ToString("F2", CultureInfo.InvariantCulture),
        "peak" => PeakBytes <= 0 || ExactBytes <= 0 ? "-" : ((double)PeakBytes / ExactBytes).ToString("F2", CultureInfo.InvariantCulture),
        _ => "?",
    };

    private static TrieMemoryMeasurement Measure(TrieDataSet data, string structure)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        object kept;
        long exact = 0;
        long peak = 0;
        switch (structure)
        {
            case "Trie":
                var trie = data.BuildTrie();
                exact = trie.RetainedBytes;
                peak = trie.Statistics.PeakBytes;
                kept = trie;
                break;
            case "HashSet":
                // Fresh copies of the names, made inside the measured span: the baselines keep strings.
                kept = new SuffixHashSet(Copies(data));
                break;
            default:
                kept = new SortedSuffixArray(Copies(data));
                break;
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return new TrieMemoryMeasurement(data.DistinctNames.Length, exact, after - before, peak);
    }

    private static IEnumerable<string> Copies(TrieDataSet data)
    {
        foreach (var name in data.DistinctNames)
        {
            yield return new string(name.AsSpan());
        }
    }
}
