using System.IO.Compression;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Names;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Benchmarks.Data;

/// <summary>
/// A set of list entries to build from, and query names to look up: listed names, subdomains of listed
/// names and unlisted popular names. Loaded once per process and cached.
/// </summary>
public sealed class TrieDataSet
{
    /// <summary>Query names per set; each lookup benchmark walks all of them per invocation.</summary>
    public const int QueryCount = 1024;

    private static readonly Dictionary<string, TrieDataSet> Cache = [];

    // Categories by list file name, as a product would group lists; unmatched lists share "other".
    private static readonly string[] CategoryKeywords =
    [
        "porn|nsfw|adult|sex|lingerie|dating", "gambling|arjel", "social|facebook|tiktok|twitter|youtube|instagram|chat",
        "phishing|scam|fake|malware|ransomware|tif|cryptojacking|stalkerware|ddos", "doh|vpn|proxy|proxies|tor|bypass|relay|encrypted",
        "piracy|warez|download|filehosting", "crypto|bitcoin", "ads|popup|publicite|marketing", "shortener|urlshortener|redirector",
        "drugs|drogue", "games|gaming", "multi|pro", "dyndns|dynamic", "hoster|webhosting",
    ];

    private TrieDataSet(string name, (string Name, RuleValue Value)[] entries, string[] distinct)
    {
        Name = name;
        Entries = entries;
        DistinctNames = distinct;
    }

    /// <summary>
    /// Data set names available on this machine: generated sets always, "real" when the shared data is
    /// present. HOMEFILTER_BENCH_SOURCES (comma-separated names) narrows the set for a shorter run.
    /// </summary>
    public static IEnumerable<string> Available
    {
        get
        {
            string[] all = DataPaths.Blocklists is null
                ? ["generated-100k", "generated-1m", "generated-2m"]
                : ["generated-100k", "generated-1m", "generated-2m", "real"];
            var wanted = Environment.GetEnvironmentVariable("HOMEFILTER_BENCH_SOURCES");
            if (string.IsNullOrWhiteSpace(wanted))
            {
                return all;
            }

            var names = wanted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return all.Where(names.Contains);
        }
    }

    public string Name { get; }

    /// <summary>Entries in list order, duplicates across lists included (as a build sees them).</summary>
    public (string Name, RuleValue Value)[] Entries { get; }

    /// <summary>Distinct listed names.</summary>
    public string[] DistinctNames { get; }

    public string[] HitQueries { get; private set; } = [];

    public string[] SubdomainQueries { get; private set; } = [];

    public string[] MissQueries { get; private set; } = [];

    public static TrieDataSet Get(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var set))
            {
                set = name switch
                {
                    "generated-100k" => Generated(name, 100_000),
                    "generated-1m" => Generated(name, 1_000_000),
                    "generated-2m" => Generated(name, 2_000_000),
                    "real" => Real(),
                    _ => throw new ArgumentException($"Unknown data set '{name}'.", nameof(name)),
                };
                set.PickQueries();
                Cache[name] = set;
            }

            return set;
        }
    }

    /// <summary>Builds a trie from the entries.</summary>
    public CategoryTrie BuildTrie()
    {
        var builder = new CategoryTrieBuilder();
        foreach (var (name, value) in Entries)
        {
            builder.Add(name, value);
        }

        return builder.Build();
    }

    private static TrieDataSet Generated(string name, int count)
    {
        var names = DomainListGenerator.Generate(count);
        var entries = new (string, RuleValue)[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            entries[i] = (names[i], RuleValue.Block((int)((uint)names[i].GetHashCode(StringComparison.Ordinal) % 12)));
        }

        return new TrieDataSet(name, entries, names);
    }

    private static TrieDataSet Real()
    {
        var entries = new List<(string, RuleValue)>(3_000_000);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(DataPaths.Blocklists!, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(file);
            if (fileName.Contains("liste_blanche", StringComparison.Ordinal) || fileName.Contains("-ip", StringComparison.Ordinal) ||
                fileName.EndsWith(".md", StringComparison.Ordinal))
            {
                continue; // an allowlist and IP lists: not name blocklists
            }

            var category = CategoryOf(fileName);
            using var text = OpenText(file);
            var reader = new ListReader(text);
            while (reader.Read())
            {
                var name = new string(reader.Name);
                entries.Add((name, RuleValue.For(reader.Action, reader.Scope, category)));
                distinct.Add(name);
            }
        }

        return new TrieDataSet("real", [.. entries], [.. distinct]);
    }

    private static int CategoryOf(string fileName)
    {
        var lower = fileName.ToLowerInvariant();
        for (var i = 0; i < CategoryKeywords.Length; i++)
        {
            foreach (var keyword in CategoryKeywords[i].Split('|'))
            {
                if (lower.Contains(keyword, StringComparison.Ordinal))
                {
                    return i;
                }
            }
        }

        return CategoryKeywords.Length;
    }

    private static StreamReader OpenText(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream);
    }

    private void PickQueries()
    {
        var random = new Random(7);
        var listed = new HashSet<string>(DistinctNames, StringComparer.Ordinal);
        HitQueries = Pick(random, DistinctNames, static _ => true, static n => n);

        // Four labels: "www." before a listed three-label name (the target is stated for 4-label names).
        SubdomainQueries = Pick(random, DistinctNames, static n => DomainName.CountLabels(n) == 3, static n => "www." + n);

        var popular = PopularNames();
        var misses = new List<string>();
        foreach (var name in popular)
        {
            var query = ToFourLabels(name);
            if (!HasListedSuffix(listed, query))
            {
                misses.Add(query);
            }
        }

        MissQueries = Pick(random, [.. misses], static _ => true, static n => n);
    }

    private static string[] Pick(Random random, string[] from, Func<string, bool> filter, Func<string, string> map)
    {
        var picked = new List<string>(QueryCount);
        for (var attempts = 0; picked.Count < QueryCount && attempts < 50 * QueryCount; attempts++)
        {
            var candidate = from[random.Next(from.Length)];
            if (filter(candidate))
            {
                picked.Add(map(candidate));
            }
        }

        if (picked.Count == 0)
        {
            throw new InvalidOperationException("No query names match the filter.");
        }

        while (picked.Count < QueryCount)
        {
            picked.Add(picked[picked.Count % Math.Max(1, picked.Count)]);
        }

        return [.. picked];
    }

    private static List<string> PopularNames()
    {
        var names = new List<string>();
        if (DataPaths.UmbrellaTop is { } umbrella)
        {
            using var text = OpenText(umbrella);
            while (text.ReadLine() is { } line)
            {
                if (DomainName.TryNormalize(line, out var name, out _))
                {
                    names.Add(name);
                }
            }
        }
        else
        {
            names.AddRange(DomainListGenerator.Generate(20_000, seed: 99));
        }

        return names;
    }

    private static string ToFourLabels(string name)
    {
        var labels = DomainName.CountLabels(name);
        return labels switch
        {
            1 => "www.cdn.a." + name,
            2 => "www.cdn." + name,
            3 => "www." + name,
            _ => name,
        };
    }

    internal static bool HasListedSuffix(HashSet<string> listed, string name)
    {
        var lookup = listed.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = name.AsSpan();
        while (true)
        {
            if (lookup.Contains(span))
            {
                return true;
            }

            var dot = span.IndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            span = span[(dot + 1)..];
        }
    }
}
