using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>Names devices query on their own (connectivity checks, time, push, updates): not activity of a person.</summary>
public sealed class BackgroundNames
{
    private readonly CategoryTrie _trie;

    private BackgroundNames(CategoryTrie trie, string? missingPath = null)
    {
        _trie = trie;
        MissingPath = missingPath;
    }

    public static BackgroundNames None { get; } = new(CategoryTrie.Empty);

    public int Count => _trie.NameCount;

    /// <summary>The list file that was asked for but not found (null when loaded or none was asked for).</summary>
    public string? MissingPath { get; }

    /// <summary>Loads a plain or hosts list; a missing file ignores no names (and says so in <see cref="MissingPath"/>).</summary>
    public static BackgroundNames Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new BackgroundNames(CategoryTrie.Empty, Path.GetFullPath(path));
        }

        return new BackgroundNames(RuleSetLoader.Load([new RuleSource(path, 0, () => File.OpenRead(path))]).Trie);
    }

    public static BackgroundNames FromNames(IEnumerable<string> names)
    {
        var builder = new CategoryTrieBuilder();
        foreach (var name in names)
        {
            builder.Add(name, RuleValue.Block(0));
        }

        return new BackgroundNames(builder.Build());
    }

    public bool Contains(string name) => _trie.Match(name).IsBlocked;
}
