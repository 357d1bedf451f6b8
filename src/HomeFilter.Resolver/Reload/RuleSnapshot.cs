using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Everything a query needs to decide, immutable, with a generation number. A query reads the current
/// snapshot once, so it never sees half old, half new rules.
/// </summary>
public sealed class RuleSnapshot
{
    public RuleSnapshot(long generation, CategoryTrie trie, IReadOnlyList<string> categories, IReadOnlyList<RuleSource> sources)
    {
        ArgumentNullException.ThrowIfNull(categories);
        Generation = generation;
        Trie = trie;
        Categories = categories;
        Sources = sources;
        BlockedMask = categories.Count == 0 ? 0 : ulong.MaxValue >> (64 - categories.Count);
        var labels = new string[categories.Count];
        var bytes = new byte[categories.Count][];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = "blocked: " + categories[i];
            bytes[i] = System.Text.Encoding.UTF8.GetBytes(labels[i]);
        }

        BlockReasons = labels;
        BlockReasonBytes = bytes;
    }

    public static RuleSnapshot Empty { get; } = new(0, CategoryTrie.Empty, [], []);

    public long Generation { get; }

    public CategoryTrie Trie { get; }

    /// <summary>Category names by bit position.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>The lists the trie was built from, for explanations.</summary>
    public IReadOnlyList<RuleSource> Sources { get; }

    /// <summary>Categories blocked for every client.</summary>
    public ulong BlockedMask { get; }

    /// <summary>"blocked: &lt;category&gt;" per category, built once so a block costs no string per query.</summary>
    public IReadOnlyList<string> BlockReasons { get; }

    /// <summary><see cref="BlockReasons"/> in UTF-8, the Extended DNS Error text of a block answer.</summary>
    public IReadOnlyList<byte[]> BlockReasonBytes { get; }
}
